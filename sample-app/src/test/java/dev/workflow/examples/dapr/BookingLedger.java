package dev.workflow.examples.dapr;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

/** What the compensation example's activities did, in order, so a test can check the undo. */
@Component
public class BookingLedger {

	private final List<String> entries = new CopyOnWriteArrayList<>();

	String record(String entry) {
		this.entries.add(entry);
		return entry;
	}

	List<String> entries() {
		return List.copyOf(this.entries);
	}

	void clear() {
		this.entries.clear();
	}

}
