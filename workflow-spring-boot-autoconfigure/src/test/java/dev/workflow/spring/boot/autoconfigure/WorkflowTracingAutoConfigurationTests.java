package dev.workflow.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.sampler.Sampler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workflow.Activity;
import dev.workflow.ActivityContext;
import dev.workflow.Workflow;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowRuntimeStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trace propagation through Micrometer (issue 17), with Micrometer Tracing's Brave bridge and W3C
 * propagation as Spring Boot configures them, spans collected in memory: a workflow scheduled
 * inside a span runs its turns and activities in that span's trace, also after a restart on the
 * same sqlite file, and activity code sees the propagated trace parent.
 */
class WorkflowTracingAutoConfigurationTests {

	/** What the activities saw: their trace parent and the trace of the span they ran in. */
	static final Map<String, String> seen = new ConcurrentHashMap<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WorkflowTracingAutoConfiguration.class,
				WorkflowAutoConfiguration.class))
		.withUserConfiguration(Tracers.class, Traced.class);

	static class Traced {

		private final Tracer tracer;

		Traced(Tracer tracer) {
			this.tracer = tracer;
		}

		@Workflow(name = "traced-order")
		public String order(WorkflowContext ctx, String in) {
			String reserved = ctx.callActivity("traced-reserve", in, String.class).await();
			String approval = ctx.waitForExternalEvent("approve", String.class).await();
			return reserved + ctx.callActivity("traced-ship", approval, String.class).await();
		}

		@Activity(name = "traced-reserve")
		public String reserve(ActivityContext ctx, String in) {
			record(ctx);
			return "r";
		}

		@Activity(name = "traced-ship")
		public String ship(ActivityContext ctx, String in) {
			record(ctx);
			return "s";
		}

		private void record(ActivityContext ctx) {
			seen.put(ctx.getName() + ".parent", ctx.getTraceParent());
			Span current = this.tracer.currentSpan();
			seen.put(ctx.getName() + ".span", current == null ? "none" : current.context().traceId());
		}

	}

	/** Brave with W3C propagation and an in-memory span list; the handlers Spring Boot registers. */
	@Configuration(proxyBeanMethods = false)
	static class Tracers {

		@Bean
		List<MutableSpan> finishedSpans() {
			return new CopyOnWriteArrayList<>();
		}

		@Bean(destroyMethod = "close")
		Tracing braveTracing(List<MutableSpan> finishedSpans) {
			return Tracing.newBuilder()
				.localServiceName("tracing-test")
				.sampler(Sampler.ALWAYS_SAMPLE)
				.traceId128Bit(true)
				.propagationFactory(new W3CPropagation())
				.currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder().build())
				.addSpanHandler(new SpanHandler() {
					@Override
					public boolean end(brave.propagation.TraceContext context, MutableSpan span, Cause cause) {
						finishedSpans.add(span);
						return true;
					}
				})
				.build();
		}

		@Bean
		Tracer tracer(Tracing tracing) {
			return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
					new BraveBaggageManager());
		}

		@Bean
		Propagator propagator(Tracing tracing) {
			return new BravePropagator(tracing);
		}

		@Bean
		ObservationRegistry observationRegistry(Tracer tracer, Propagator propagator) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
						new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
						new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
						new DefaultTracingObservationHandler(tracer)));
			return registry;
		}

	}

	@SuppressWarnings("unchecked")
	private static List<MutableSpan> spans(org.springframework.context.ApplicationContext ctx) {
		return ctx.getBean("finishedSpans", List.class);
	}

	@Test
	void turnAndActivitySpansContinueTheSchedulersTraceAlsoAfterARestartOnTheSameSqliteFile(@TempDir Path dir)
			throws Exception {
		seen.clear();
		String id = "traced-" + java.util.UUID.randomUUID();
		String[] traceId = new String[1];
		ApplicationContextRunner sqlite = this.runner.withPropertyValues("dapr.workflow.backend-type=sqlite",
				"dapr.workflow.backend-configuration.connection-string=" + dir.resolve("wf.db"),
				// through the activity workers, so the stored call carries the context
				"dapr.workflow.worker.inline-activities=false");
		sqlite.run(ctx -> {
			assertThat(ctx).hasSingleBean(WorkflowTracePropagation.class).hasSingleBean(WorkflowObservationListener.class);
			Tracer tracer = ctx.getBean(Tracer.class);
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			Span request = tracer.nextSpan().name("http post /orders").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
				client.scheduleNewWorkflow("traced-order", "book", id);
			}
			finally {
				request.end();
			}
			traceId[0] = request.context().traceId();
			awaitSpan(ctx, "activity traced-reserve");
			assertThat(seen.get("traced-reserve.span")).isEqualTo(traceId[0]);
			assertThat(seen.get("traced-reserve.parent")).startsWith("00-" + traceId[0] + "-");
			List<MutableSpan> spans = spans(ctx);
			assertThat(spans).filteredOn(s -> "turn".equals(s.name())).isNotEmpty()
				.allSatisfy(s -> assertThat(s.traceId()).isEqualTo(traceId[0]));
			assertThat(spans).filteredOn(s -> "activity traced-reserve".equals(s.name()))
				.singleElement()
				.satisfies(s -> assertThat(s.traceId()).isEqualTo(traceId[0]));
		});
		// a new runtime on the same file; the event is raised outside any span
		sqlite.run(ctx -> {
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			client.raiseEvent(id, "approve", "yes");
			assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(20), true).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			awaitSpan(ctx, "activity traced-ship");
			assertThat(seen.get("traced-ship.span")).isEqualTo(traceId[0]);
			assertThat(spans(ctx)).filteredOn(s -> s.name() != null && (s.name().equals("turn")
					|| s.name().startsWith("activity ")))
				.isNotEmpty()
				.allSatisfy(s -> assertThat(s.traceId()).isEqualTo(traceId[0]));
		});
	}

	@Test
	void anEventRaisedInsideASpanContinuesThatSpansTrace() throws Exception {
		seen.clear();
		String id = "raised-" + java.util.UUID.randomUUID();
		this.runner.run(ctx -> {
			Tracer tracer = ctx.getBean(Tracer.class);
			WorkflowClient client = ctx.getBean(WorkflowClient.class);
			client.scheduleNewWorkflow("traced-order", "book", id);
			client.waitForInstanceStart(id, Duration.ofSeconds(10), false);
			awaitSpan(ctx, "activity traced-reserve");
			Span approve = tracer.nextSpan().name("http post /approve").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(approve)) {
				client.raiseEvent(id, "approve", "yes");
			}
			finally {
				approve.end();
			}
			assertThat(client.waitForInstanceCompletion(id, Duration.ofSeconds(20), true).getRuntimeStatus())
				.isEqualTo(WorkflowRuntimeStatus.COMPLETED);
			awaitSpan(ctx, "activity traced-ship");
			assertThat(seen.get("traced-ship.span")).isEqualTo(approve.context().traceId());
			assertThat(seen.get("traced-reserve.span")).isNotEqualTo(approve.context().traceId());
		});
	}

	@Test
	void withoutMicrometerTracingBeansNothingIsStoredAndWorkflowsRun() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WorkflowTracingAutoConfiguration.class,
					WorkflowAutoConfiguration.class))
			.run(ctx -> {
				assertThat(ctx).hasNotFailed();
				assertThat(ctx.getBean(WorkflowTracePropagation.class).currentTraceContext()).isNull();
			});
	}

	private static void awaitSpan(org.springframework.context.ApplicationContext ctx, String name)
			throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (spans(ctx).stream().noneMatch(s -> name.equals(s.name())) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(spans(ctx)).extracting(MutableSpan::name).contains(name);
	}

}
