package dev.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * A worker pool keeps working whatever its items or its fetch throw: Errors included, on a single
 * thread, so one lost thread would show at once.
 */
class WorkerThreadsTest {

	@Test
	void errorsFromProcessingAndFetchingNeverEndTheWorker() throws Exception {
		LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>(List.of("oom", "ok-1", "soe", "ok-2",
				"fetch-error", "ok-3", "runtime", "ok-4"));
		List<String> processed = new CopyOnWriteArrayList<>();
		AtomicBoolean fetchFailed = new AtomicBoolean();
		WorkerThreads<String> workers = new WorkerThreads<>("test-worker-", 1, wait -> {
			String next = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
			if ("fetch-error".equals(next) && fetchFailed.compareAndSet(false, true)) {
				throw new OutOfMemoryError("test: fetch");
			}
			return next;
		}, item -> {
			switch (item) {
				case "oom" -> throw new OutOfMemoryError("test");
				case "soe" -> throw new StackOverflowError("test");
				case "runtime" -> throw new IllegalStateException("test");
				default -> processed.add(item + "@" + Thread.currentThread().getName());
			}
		});
		workers.start();
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (processed.size() < 4 && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(processed).containsExactly("ok-1@test-worker-0", "ok-2@test-worker-0", "ok-3@test-worker-0",
					"ok-4@test-worker-0");
			assertThat(fetchFailed).isTrue();
			assertThat(workers.replacedThreads()).isZero();
			assertThat(workers.problem(Duration.ofSeconds(10))).isNull();
		}
		finally {
			workers.stop(Duration.ofSeconds(1));
		}
	}

}
