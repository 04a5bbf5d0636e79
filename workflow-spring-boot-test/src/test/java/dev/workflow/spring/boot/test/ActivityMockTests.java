package dev.workflow.spring.boot.test;

import static dev.workflow.spring.boot.test.WorkflowAssertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.workflow.WorkflowClient;
import dev.workflow.spring.boot.test.app.PricingActivities;

/** An activity bean replaced by a Mockito mock is still registered, and its answers drive the workflow. */
@WorkflowTest
class ActivityMockTests {

	@Autowired
	WorkflowClient client;

	@MockitoBean
	PricingActivities pricing;

	@Test
	void theMocksAnswerIsTheActivityResult() {
		given(this.pricing.quote("book")).willReturn(21, 100);
		String id = this.client.scheduleNewWorkflow("quoteTwice", "book", "mock-" + UUID.randomUUID());
		assertThat(this.client, id).completes(Duration.ofSeconds(30))
			.hasOutput(121)
			.history()
			.calledActivity("quote").times(2)
			.createdTimer(Duration.ofHours(1));
		verify(this.pricing, times(2)).quote("book");
	}

	@Test
	void aMockThatThrowsFailsTheWorkflowWithItsError() {
		given(this.pricing.quote("rock")).willThrow(new IllegalArgumentException("no price for rock"));
		String id = this.client.scheduleNewWorkflow("quoteTwice", "rock", "mockfail-" + UUID.randomUUID());
		assertThat(this.client, id).fails(Duration.ofSeconds(30))
			.hasFailure(IllegalArgumentException.class, "no price for rock")
			.history()
			.failedActivity("quote").once();
	}

}
