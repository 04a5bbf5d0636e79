package dev.workflow.backend.sql;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.workflow.NewWorkflowOptions;
import dev.workflow.WorkflowRuntimeStatus;
import dev.workflow.backend.BackendConfiguration;
import dev.workflow.backend.BackendContext;
import dev.workflow.backend.InstanceMetadata;
import dev.workflow.backend.WorkflowBackends;
import dev.workflow.history.ExecutionStarted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQLite file (WAL) is read on a connection of its own: a status read never waits for the one
 * writer connection, even while a write transaction holds it, and it sees every committed write
 * and nothing uncommitted.
 */
@Timeout(60)
class SqliteReaderTest {

	@Test
	void readsDoNotWaitForTheWriterAndSeeOnlyCommittedWrites() throws Exception {
		String file = Path.of("target", "sqlite", "reader-" + UUID.randomUUID().toString().substring(0, 8) + ".db")
			.toAbsolutePath()
			.toString();
		SqlWorkflowBackend backend = (SqlWorkflowBackend) WorkflowBackends.create("sqlite",
				new BackendConfiguration(Map.of("connection-string", "file:" + file)), BackendContext.EMPTY);
		backend.start();
		try {
			String id = "reader-" + UUID.randomUUID();
			backend.createWorkflowInstance(
					new ExecutionStarted(Instant.now(), "w", id, UUID.randomUUID().toString(), "1", null, null),
					NewWorkflowOptions.ReusePolicy.ERROR);
			CountDownLatch writing = new CountDownLatch(1);
			CountDownLatch readDone = new CountDownLatch(1);
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				try {
					backend.database().inTransaction(c -> {
						try (var st = c.createStatement()) {
							st.executeUpdate("UPDATE wf_instances SET custom_status = '\"uncommitted\"' WHERE instance_id = '"
									+ id + "'");
						}
						writing.countDown();
						// holds the writer connection until the read is done (or for 20 s)
						try {
							readDone.await(20, TimeUnit.SECONDS);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
						return null;
					});
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
			long begin = System.nanoTime();
			InstanceMetadata read = backend.getInstance(id);
			long waitedMillis = (System.nanoTime() - begin) / 1_000_000;
			readDone.countDown();
			writer.get(30, TimeUnit.SECONDS);
			assertThat(read.status()).isEqualTo(WorkflowRuntimeStatus.PENDING);
			assertThat(read.customStatus()).as("nothing uncommitted is seen").isNull();
			assertThat(waitedMillis).as("the read did not wait for the writer's 20 s").isLessThan(15_000);
			assertThat(backend.getInstance(id).customStatus()).as("committed now").isEqualTo("\"uncommitted\"");
		}
		finally {
			backend.stop();
		}
	}

}
