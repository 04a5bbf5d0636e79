package dev.workflow.sample;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.workflow.Activity;
import dev.workflow.ActivityContext;
import dev.workflow.sample.Orders.Order;
import dev.workflow.sample.Orders.Payment;

/**
 * The order process's activities: ordinary bean methods with injected collaborators.
 */
@Component
public class OrderActivities {

	private static final Logger log = LoggerFactory.getLogger(OrderActivities.class);

	private final Inventory inventory;

	private final Map<String, Double> charges = new ConcurrentHashMap<>();

	public OrderActivities(Inventory inventory) {
		this.inventory = inventory;
	}

	@Activity(name = "reserveInventory")
	public boolean reserve(Order order) {
		boolean ok = this.inventory.reserve(order.orderId(), order.item(), order.quantity());
		log.info("Reserve {} x {} for {}: {}", order.quantity(), order.item(), order.orderId(), ok);
		return ok;
	}

	@Activity(name = "releaseInventory")
	public void release(Order order) {
		this.inventory.release(order.orderId(), order.item());
		log.info("Released inventory of {}", order.orderId());
	}

	@Activity(name = "chargePayment")
	public String charge(ActivityContext ctx, Payment payment) {
		// The order API checks amounts, but a workflow can be started by other means.
		if (!Double.isFinite(payment.amount()) || payment.amount() <= 0) {
			throw new IllegalArgumentException("Cannot charge " + payment.amount() + ": the amount must be a finite "
					+ "number above 0");
		}
		this.charges.putIfAbsent(payment.orderId(), payment.amount());
		log.info("Charged {} for {} (attempt {})", payment.amount(), payment.orderId(), ctx.getAttempt());
		return "ch_" + payment.orderId();
	}

	@Activity(name = "refundPayment")
	public void refund(Payment payment) {
		this.charges.remove(payment.orderId());
		log.info("Refunded {}", payment.orderId());
	}

	@Activity(name = "createShipment")
	public String ship(Order order) {
		if (order.item().startsWith("fragile")) {
			throw new IllegalStateException("The carrier does not take '" + order.item() + "'");
		}
		return "TRK-" + UUID.nameUUIDFromBytes(order.orderId().getBytes()).toString().substring(0, 8).toUpperCase();
	}

	public boolean isCharged(String orderId) {
		return this.charges.containsKey(orderId);
	}

}
