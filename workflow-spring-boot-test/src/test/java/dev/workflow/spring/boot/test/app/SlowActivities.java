package dev.workflow.spring.boot.test.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import dev.workflow.Activity;

/** An activity that runs until the test lets it finish, counting its runs. */
@Component
public class SlowActivities {

	public final AtomicInteger runs = new AtomicInteger();

	public final CountDownLatch started = new CountDownLatch(1);

	public final CountDownLatch release = new CountDownLatch(1);

	@Activity(name = "slow")
	public String slow(String input) throws InterruptedException {
		this.runs.incrementAndGet();
		this.started.countDown();
		if (!this.release.await(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the test never released the slow activity");
		}
		return "slow " + input;
	}

}
