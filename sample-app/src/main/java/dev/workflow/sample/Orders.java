package dev.workflow.sample;

/**
 * The order process's data.
 */
public final class Orders {

	private Orders() {
	}

	/** What a customer orders. */
	public record OrderRequest(String item, int quantity, double amount) {
	}

	/** An order as the workflow carries it. */
	public record Order(String orderId, String item, int quantity, double amount) {
	}

	/** The charge of an order. */
	public record Payment(String orderId, double amount) {
	}

	/** The approval event's payload. */
	public record Approval(boolean approved, String approver) {
	}

	/**
	 * The body of {@code POST /orders/{id}/approve}: {@code {"approved": true}} approves,
	 * {@code false} rejects. The approver is the signed-in user.
	 */
	public record ApprovalRequest(Boolean approved) {
	}

	/** How the order ended. */
	public record OrderResult(String status, String trackingNumber, String reason) {

		static OrderResult shipped(String tracking) {
			return new OrderResult("SHIPPED", tracking, null);
		}

		static OrderResult rejected(String reason) {
			return new OrderResult("REJECTED", null, reason);
		}

	}

	/** The custom status the workflow shows at each stage. */
	public record Stage(String stage, String detail) {
	}

}
