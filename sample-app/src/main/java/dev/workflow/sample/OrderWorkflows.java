package dev.workflow.sample;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.workflow.RetryPolicy;
import dev.workflow.TaskCanceledException;
import dev.workflow.TaskFailedException;
import dev.workflow.TaskOptions;
import dev.workflow.Workflow;
import dev.workflow.WorkflowContext;
import dev.workflow.sample.Orders.Approval;
import dev.workflow.sample.Orders.Order;
import dev.workflow.sample.Orders.OrderResult;
import dev.workflow.sample.Orders.Payment;
import dev.workflow.sample.Orders.Stage;

/**
 * The order process: reserve, charge (with retries), approval for large orders, shipping as a
 * child workflow, and compensation when a later step fails.
 */
@Component
public class OrderWorkflows {

	/** Orders above this amount wait for an approval. */
	public static final double APPROVAL_THRESHOLD = 1000;

	private static final TaskOptions PAYMENT_RETRIES = TaskOptions.withRetryPolicy(RetryPolicy.builder()
		.maxAttempts(5)
		.firstRetryInterval(Duration.ofMillis(500))
		.backoffCoefficient(2)
		.maxRetryInterval(Duration.ofSeconds(10))
		.build());

	private final Duration approvalTimeout;

	public OrderWorkflows(@Value("${orders.approval-timeout:PT24H}") Duration approvalTimeout) {
		this.approvalTimeout = approvalTimeout;
	}

	@Workflow(name = "order")
	public OrderResult order(WorkflowContext ctx, Order order) {
		ctx.setCustomStatus(new Stage("RESERVING", order.quantity() + " x " + order.item()));
		boolean reserved = ctx.callActivity("reserveInventory", order, Boolean.class).await();
		if (!reserved) {
			return OrderResult.rejected("Out of stock: " + order.item());
		}
		ctx.setCustomStatus(new Stage("CHARGING", String.valueOf(order.amount())));
		Payment payment = new Payment(order.orderId(), order.amount());
		try {
			ctx.callActivity("chargePayment", payment, PAYMENT_RETRIES, String.class).await();
		}
		catch (TaskFailedException ex) {
			ctx.callActivity("releaseInventory", order).await();
			return OrderResult.rejected("Payment failed: " + ex.getFailureDetails().getErrorMessage());
		}
		if (order.amount() > APPROVAL_THRESHOLD) {
			ctx.setCustomStatus(new Stage("AWAITING_APPROVAL", "POST /orders/" + order.orderId() + "/approve"));
			Approval approval;
			try {
				approval = ctx.waitForExternalEvent("approve", this.approvalTimeout, Approval.class).await();
			}
			catch (TaskCanceledException timeout) {
				approval = new Approval(false, "timeout after " + this.approvalTimeout);
			}
			catch (IllegalArgumentException malformed) {
				// The order API validates approvals, but anyone who can raise events (the actuator
				// endpoint, another workflow) can send anything. The payment is already charged, so
				// an unreadable approval must not fail the order and keep the money: it is a "no".
				approval = new Approval(false, "malformed approval: " + malformed.getMessage());
			}
			if (approval == null || !approval.approved()) {
				compensate(ctx, order, payment);
				return OrderResult.rejected("Not approved"
						+ (approval == null || approval.approver() == null ? "" : " (" + approval.approver() + ")"));
			}
		}
		ctx.setCustomStatus(new Stage("SHIPPING", null));
		try {
			String tracking = ctx.callChildWorkflow("shipping", order, String.class).await();
			ctx.setCustomStatus(new Stage("SHIPPED", tracking));
			return OrderResult.shipped(tracking);
		}
		catch (TaskFailedException ex) {
			compensate(ctx, order, payment);
			ctx.setCustomStatus(new Stage("COMPENSATED", ex.getFailureDetails().getErrorMessage()));
			return OrderResult.rejected("Shipping failed: " + ex.getFailureDetails().getErrorMessage());
		}
	}

	private static void compensate(WorkflowContext ctx, Order order, Payment payment) {
		ctx.getLogger().info("Compensating order {}", order.orderId());
		ctx.callActivity("refundPayment", payment).await();
		ctx.callActivity("releaseInventory", order).await();
	}

	@Workflow(name = "shipping")
	public String shipping(WorkflowContext ctx, Order order) {
		return ctx.callActivity("createShipment", order, String.class).await();
	}

}
