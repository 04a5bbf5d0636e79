// Drives the workflow sidecar with the official Dapr JavaScript SDK (@dapr/dapr): a worker that
// registers the workflows and activities below, and a client that runs each scenario and checks
// the result. The SDK finds the sidecar through DAPR_GRPC_PORT (and DAPR_HOST / DAPR_SIDECAR_IP,
// default 127.0.0.1), as it finds a Dapr sidecar.
//
// Prints "PASS <scenario> ..." per scenario and "ALL PASSED" at the end; exits 1 with "FAIL ..." on
// the first wrong result, and 2 when the whole run exceeds its time budget.
"use strict";

const { DaprWorkflowClient, WorkflowRuntime, WorkflowRuntimeStatus } = require("@dapr/dapr");

const host = process.env.DAPR_HOST || process.env.DAPR_SIDECAR_IP || "127.0.0.1";
const port = process.env.DAPR_GRPC_PORT || "50001";
const options = { daprHost: host, daprPort: port };
const runId = `js-${process.pid}-${Date.now()}`;

// Activities: plain functions of (context, input).
const hello = async (_ctx, name) => `Hello, ${name}!`;

// Workflows: generator functions; each yield waits for a durable task.
const chain = async function* (ctx, name) {
	const first = yield ctx.callActivity(hello, `${name} 1`);
	const second = yield ctx.callActivity(hello, `${name} 2`);
	const third = yield ctx.callActivity(hello, `${name} 3`);
	return [first, second, third].join(" ");
};

const timer = async function* (ctx, seconds) {
	const start = ctx.getCurrentUtcDateTime();
	yield ctx.createTimer(seconds);
	const end = ctx.getCurrentUtcDateTime();
	return end.getTime() - start.getTime();
};

const events = async function* (ctx) {
	ctx.setCustomStatus("waiting for approval");
	const approval = yield ctx.waitForExternalEvent("approval");
	ctx.setCustomStatus("approved");
	return `approved by ${approval.by}`;
};

const parent = async function* (ctx, name) {
	const fromChild = yield ctx.callChildWorkflow(chain, name, `${ctx.getWorkflowInstanceId()}-child`);
	return `parent got: ${fromChild}`;
};

const waitsForever = async function* (ctx) {
	yield ctx.waitForExternalEvent("never");
	return "should not finish";
};

function check(condition, scenario, message) {
	if (!condition) {
		console.log(`FAIL ${scenario}: ${message}`);
		throw new Error(`${scenario}: ${message}`);
	}
}

async function runChain(client) {
	const id = await client.scheduleNewWorkflow(chain, "Tokyo", `${runId}-chain`);
	const state = await client.waitForWorkflowCompletion(id, true, 60);
	check(state.runtimeStatus === WorkflowRuntimeStatus.COMPLETED, "chain", `status ${state.runtimeStatus}`);
	const output = JSON.parse(state.serializedOutput);
	check(output === "Hello, Tokyo 1! Hello, Tokyo 2! Hello, Tokyo 3!", "chain", `output ${output}`);
	console.log(`PASS chain ${output}`);
}

async function runTimer(client) {
	const id = await client.scheduleNewWorkflow(timer, 1, `${runId}-timer`);
	const state = await client.waitForWorkflowCompletion(id, true, 60);
	check(state.runtimeStatus === WorkflowRuntimeStatus.COMPLETED, "timer", `status ${state.runtimeStatus}`);
	const elapsed = JSON.parse(state.serializedOutput);
	check(elapsed >= 1000, "timer", `workflow clock advanced ${elapsed} ms, expected at least 1000`);
	console.log(`PASS timer ${elapsed}ms`);
}

async function runEvents(client) {
	const id = await client.scheduleNewWorkflow(events, undefined, `${runId}-events`);
	await client.waitForWorkflowStart(id, true, 60);
	// The JavaScript SDK sends the custom status as given (a string, not JSON).
	let state = await waitFor(client, id, (s) => text(s.customStatus) === "waiting for approval", "events");
	await client.raiseEvent(id, "approval", { by: "alice" });
	state = await client.waitForWorkflowCompletion(id, true, 60);
	check(state.runtimeStatus === WorkflowRuntimeStatus.COMPLETED, "events", `status ${state.runtimeStatus}`);
	check(JSON.parse(state.serializedOutput) === "approved by alice", "events", `output ${state.serializedOutput}`);
	check(text(state.customStatus) === "approved", "events", `custom status ${state.customStatus}`);
	console.log(`PASS events ${state.serializedOutput}`);
}

async function runChild(client) {
	const id = await client.scheduleNewWorkflow(parent, "Paris", `${runId}-parent`);
	const state = await client.waitForWorkflowCompletion(id, true, 60);
	check(state.runtimeStatus === WorkflowRuntimeStatus.COMPLETED, "child", `status ${state.runtimeStatus}`);
	const output = JSON.parse(state.serializedOutput);
	check(output === "parent got: Hello, Paris 1! Hello, Paris 2! Hello, Paris 3!", "child", `output ${output}`);
	const child = await client.getWorkflowState(`${id}-child`, true);
	check(child && child.runtimeStatus === WorkflowRuntimeStatus.COMPLETED, "child", "child instance not completed");
	console.log(`PASS child ${output}`);
}

async function runTerminate(client) {
	const id = await client.scheduleNewWorkflow(waitsForever, undefined, `${runId}-terminate`);
	await client.waitForWorkflowStart(id, true, 60);
	await client.terminateWorkflow(id, "stopped by the test");
	const state = await client.waitForWorkflowCompletion(id, true, 60);
	check(state.runtimeStatus === WorkflowRuntimeStatus.TERMINATED, "terminate", `status ${state.runtimeStatus}`);
	const purged = await client.purgeWorkflow(id);
	check(purged === true, "terminate", "purge of the terminated instance returned false");
	const gone = await client.getWorkflowState(id, false);
	check(gone === undefined, "terminate", "the purged instance is still there");
	console.log("PASS terminate (then purged)");
}

// A payload as text: JSON-decoded when it is JSON, as it is otherwise.
function text(value) {
	if (value === undefined || value === null) {
		return value;
	}
	try {
		return JSON.parse(value);
	}
	catch (notJson) {
		return value;
	}
}

async function waitFor(client, id, condition, scenario) {
	const deadline = Date.now() + 30000;
	while (Date.now() < deadline) {
		const state = await client.getWorkflowState(id, true);
		if (state && condition(state)) {
			return state;
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	check(false, scenario, "condition not reached in 30 s");
}

async function main() {
	const budget = setTimeout(() => {
		console.log("FAIL the run took longer than 150 s");
		process.exit(2);
	}, 150000);
	const runtime = new WorkflowRuntime(options)
		.registerWorkflow(chain)
		.registerWorkflow(timer)
		.registerWorkflow(events)
		.registerWorkflow(parent)
		.registerWorkflow(waitsForever)
		.registerActivity(hello);
	const client = new DaprWorkflowClient(options);
	let failed = false;
	try {
		await runtime.start();
		console.log(`worker connected to ${host}:${port}`);
		for (const scenario of [runChain, runTimer, runEvents, runChild, runTerminate]) {
			await scenario(client);
		}
		console.log("ALL PASSED");
	}
	catch (error) {
		failed = true;
		console.log(`FAIL ${error && error.stack ? error.stack : error}`);
	}
	finally {
		clearTimeout(budget);
		await client.stop().catch(() => {});
		await runtime.stop().catch(() => {});
	}
	process.exit(failed ? 1 : 0);
}

main();
