package dev.workflow.spring.boot.test.app;

import java.time.Duration;

import org.springframework.stereotype.Component;

import dev.workflow.TaskCanceledException;
import dev.workflow.Workflow;
import dev.workflow.WorkflowContext;

/** Workflows that wait: on long timers, on events, on events with a timeout, on activities. */
@Component
public class TimerWorkflows {

	@Workflow(name = "thirtyDays")
	public String thirtyDays(WorkflowContext ctx, String input) {
		ctx.createTimer(Duration.ofDays(30)).await();
		return "done " + input;
	}

	@Workflow(name = "timerThenEvent")
	public String timerThenEvent(WorkflowContext ctx, String input) {
		ctx.createTimer(Duration.ofDays(10)).await();
		ctx.setCustomStatus("waiting");
		String payload = ctx.waitForExternalEvent("go", String.class).await();
		return "got " + payload;
	}

	@Workflow(name = "approvalWithTimeout")
	public String approvalWithTimeout(WorkflowContext ctx, String input) {
		ctx.setCustomStatus("waiting");
		try {
			return "approved by " + ctx.waitForExternalEvent("approve", Duration.ofDays(7), String.class).await();
		}
		catch (TaskCanceledException timeout) {
			return "timed out";
		}
	}

	@Workflow(name = "quoteTwice")
	public int quoteTwice(WorkflowContext ctx, String item) {
		int first = ctx.callActivity("quote", item, Integer.class).await();
		ctx.createTimer(Duration.ofHours(1)).await();
		int second = ctx.callActivity("quote", item, Integer.class).await();
		return first + second;
	}

	@Workflow(name = "explode")
	public String explode(WorkflowContext ctx, String input) {
		return ctx.callActivity("explode", input, String.class).await();
	}

	@Workflow(name = "slowActivity")
	public String slowActivity(WorkflowContext ctx, String input) {
		return ctx.callActivity("slow", input, String.class).await();
	}

	@Workflow(name = "parent")
	public String parent(WorkflowContext ctx, String input) {
		return ctx.callChildWorkflow("thirtyDays", input, String.class).await();
	}

}
