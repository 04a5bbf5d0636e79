package dev.workflow.spring.boot.test.app;

import org.springframework.stereotype.Component;

import dev.workflow.Activity;

/** Activities the tests call, mock or make fail. */
@Component
public class PricingActivities {

	@Activity(name = "quote")
	public int quote(String item) {
		return 10;
	}

	@Activity(name = "explode")
	public String explode(String input) {
		throw new IllegalStateException("boom: " + input);
	}

}
