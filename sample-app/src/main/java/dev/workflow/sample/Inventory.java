package dev.workflow.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;

/**
 * A stand-in for a real inventory system: stock per item, reservations per order. Reserving and
 * releasing are idempotent per order, because activities run at least once.
 */
@Service
public class Inventory {

	private final Map<String, Integer> stock = new ConcurrentHashMap<>();

	private final Map<String, Integer> reservations = new ConcurrentHashMap<>();

	public Inventory() {
		this.stock.put("book", 100);
		this.stock.put("laptop", 20);
		this.stock.put("phone", 50);
		this.stock.put("fragile-vase", 10);
	}

	/** Reserves stock for an order; returns false if there is not enough. */
	public synchronized boolean reserve(String orderId, String item, int quantity) {
		if (this.reservations.containsKey(orderId)) {
			return true;
		}
		int available = this.stock.getOrDefault(item, 0);
		if (available < quantity) {
			return false;
		}
		this.stock.put(item, available - quantity);
		this.reservations.put(orderId, quantity);
		return true;
	}

	/** Gives an order's reservation back. */
	public synchronized void release(String orderId, String item) {
		Integer quantity = this.reservations.remove(orderId);
		if (quantity != null) {
			this.stock.merge(item, quantity, Integer::sum);
		}
	}

	public int available(String item) {
		return this.stock.getOrDefault(item, 0);
	}

}
