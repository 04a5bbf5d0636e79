package dev.workflow.examples.dapr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringTokenizer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.workflow.Activity;
import dev.workflow.ActivityContext;
import dev.workflow.Task;
import dev.workflow.TaskFailedException;
import dev.workflow.Workflow;
import dev.workflow.WorkflowContext;

/**
 * The Dapr Java SDK's workflow examples (chain, fan-out/fan-in, external event, child workflow,
 * continue-as-new, compensation, suspend/resume) written the way a Dapr user ports them: the
 * workflow and activity classes become annotated methods, {@code ctx.complete(x)} becomes
 * {@code return x}, and the rest of each body is the Dapr code as it was.
 */
@Component
public class DaprExampleWorkflows {

	private static final Logger log = LoggerFactory.getLogger(DaprExampleWorkflows.class);

	private final BookingLedger ledger;

	DaprExampleWorkflows(BookingLedger ledger) {
		this.ledger = ledger;
	}

	// ---- chain: three activities one after the other

	@Workflow(name = "DemoChainWorkflow")
	public String chain(WorkflowContext ctx) {
		ctx.getLogger().info("Starting Workflow: " + ctx.getName());
		String result = "";
		result += ctx.callActivity("ToUpperCaseActivity", "Tokyo", String.class).await() + ", ";
		result += ctx.callActivity("ToUpperCaseActivity", "London", String.class).await() + ", ";
		result += ctx.callActivity("ToUpperCaseActivity", "Seattle", String.class).await();
		ctx.getLogger().info("Workflow finished with result: " + result);
		return result;
	}

	@Activity(name = "ToUpperCaseActivity")
	public String toUpperCase(ActivityContext ctx, String message) {
		log.info("Starting Activity: {}", ctx.getName());
		return message.toUpperCase();
	}

	// ---- fan-out/fan-in: one activity per sentence, all in parallel, then the sum

	@Workflow(name = "DemoFanInOutWorkflow")
	public int fanInOut(WorkflowContext ctx, List<String> inputs) {
		List<Task<Integer>> tasks = inputs.stream()
			.map(input -> ctx.callActivity("CountWordsActivity", input, Integer.class))
			.toList();
		List<Integer> counts = ctx.allOf(tasks).await();
		return counts.stream().mapToInt(Integer::intValue).sum();
	}

	@Activity(name = "CountWordsActivity")
	public int countWords(String input) {
		return new StringTokenizer(input).countTokens();
	}

	// ---- external event: waits for "Approval", then approves or denies

	@Workflow(name = "DemoExternalEventWorkflow")
	public String externalEvent(WorkflowContext ctx) {
		ctx.getLogger().info("Waiting for approval...");
		Boolean approved = ctx.waitForExternalEvent("Approval", boolean.class).await();
		if (approved) {
			return ctx.callActivity("ApproveActivity", String.class).await();
		}
		return ctx.callActivity("DenyActivity", String.class).await();
	}

	@Activity(name = "ApproveActivity")
	public String approve() {
		return "approved";
	}

	@Activity(name = "DenyActivity")
	public String deny() {
		return "denied";
	}

	// ---- child workflow: the parent calls a child that reverses its input

	@Workflow(name = "DemoWorkflow")
	public String parent(WorkflowContext ctx) {
		String childInput = "Hello Dapr Workflow!";
		return ctx.callChildWorkflow("DemoChildWorkflow", childInput, String.class).await();
	}

	@Workflow(name = "DemoChildWorkflow")
	public String child(WorkflowContext ctx, String input) {
		return ctx.callActivity("ReverseActivity", input, String.class).await();
	}

	@Activity(name = "ReverseActivity")
	public String reverse(String message) {
		return new StringBuilder(message).reverse().toString();
	}

	// ---- continue-as-new: periodic clean-up that never overlaps; the input counts the rounds

	@Workflow(name = "DemoContinueAsNewWorkflow")
	public Void continueAsNew(WorkflowContext ctx, Integer round) {
		int n = round == null ? 0 : round;
		ctx.callActivity("CleanUpActivity", n).await();
		ctx.setCustomStatus(n);
		ctx.createTimer(Duration.ofMillis(200)).await();
		ctx.continueAsNew(n + 1);
		return null;
	}

	@Activity(name = "CleanUpActivity")
	public String cleanUp(Integer round) {
		return "clean up " + round + " finished";
	}

	// ---- compensation: book flight, hotel and car; the car fails, so the bookings are undone

	@Workflow(name = "BookTripWorkflow")
	public String bookTrip(WorkflowContext ctx) {
		List<Supplier<Task<String>>> compensations = new ArrayList<>();
		try {
			compensations.add(() -> ctx.callActivity("CancelFlightActivity", String.class));
			String flight = ctx.callActivity("BookFlightActivity", String.class).await();
			compensations.add(() -> ctx.callActivity("CancelHotelActivity", String.class));
			String hotel = ctx.callActivity("BookHotelActivity", String.class).await();
			compensations.add(() -> ctx.callActivity("CancelCarActivity", String.class));
			String car = ctx.callActivity("BookCarActivity", String.class).await();
			return String.format("%s, %s, %s", flight, hotel, car);
		}
		catch (TaskFailedException ex) {
			ctx.getLogger().error("Activity failed: {}", ex.getMessage());
			for (int i = compensations.size() - 1; i >= 0; i--) {
				compensations.get(i).get().await();
			}
			return "Workflow failed, compensation applied";
		}
	}

	@Activity(name = "BookFlightActivity")
	public String bookFlight() {
		return this.ledger.record("Flight booked successfully");
	}

	@Activity(name = "BookHotelActivity")
	public String bookHotel() {
		return this.ledger.record("Hotel booked successfully");
	}

	@Activity(name = "BookCarActivity")
	public String bookCar() {
		throw new IllegalStateException("Car booking failed: no cars left");
	}

	@Activity(name = "CancelFlightActivity")
	public String cancelFlight() {
		return this.ledger.record("Flight cancelled successfully");
	}

	@Activity(name = "CancelHotelActivity")
	public String cancelHotel() {
		return this.ledger.record("Hotel cancelled successfully");
	}

	@Activity(name = "CancelCarActivity")
	public String cancelCar() {
		return this.ledger.record("Car cancelled successfully");
	}

	// ---- suspend/resume: waits for an event; the client suspends and resumes it meanwhile

	@Workflow(name = "DemoSuspendResumeWorkflow")
	public String suspendResume(WorkflowContext ctx) {
		String payload = ctx.waitForExternalEvent("Proceed", String.class).await();
		return ctx.callActivity("ToUpperCaseActivity", payload, String.class).await();
	}

}
