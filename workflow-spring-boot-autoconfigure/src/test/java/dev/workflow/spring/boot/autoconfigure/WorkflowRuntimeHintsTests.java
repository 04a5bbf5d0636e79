package dev.workflow.spring.boot.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import dev.workflow.Activity;
import dev.workflow.ActivityContext;
import dev.workflow.FailureDetails;
import dev.workflow.Workflow;
import dev.workflow.WorkflowContext;
import dev.workflow.backend.ActivityRequest;
import dev.workflow.backend.sql.JdbcBackendProvider;
import dev.workflow.history.HistoryEvent;
import dev.workflow.history.TaskCompleted;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native-image hints of the library and of an application's workflow and activity beans,
 * checked with {@link RuntimeHintsPredicates}; the bean hints through Spring's own AOT processing of
 * a context, so that the registration in {@code aot.factories} is checked too.
 */
class WorkflowRuntimeHintsTests {

	public record Line(String sku, int quantity) {
	}

	public record Order(String id, List<Line> lines) {
	}

	public record Receipt(String orderId, String status) {
	}

	public record Reservation(String sku, boolean held) {
	}

	public static class ShopFlows {

		@Workflow(name = "shop")
		public Receipt shop(WorkflowContext ctx, Order order) {
			return new Receipt(order.id(), "OK");
		}

		@Activity(name = "reserve")
		public Reservation reserve(ActivityContext ctx, Line line) {
			return new Reservation(line.sku(), true);
		}

		public String notAWorkflow(String in) {
			return in;
		}

	}

	private static RuntimeHints libraryHints() {
		RuntimeHints hints = new RuntimeHints();
		new WorkflowRuntimeHints().registerHints(hints, WorkflowRuntimeHintsTests.class.getClassLoader());
		return hints;
	}

	@Test
	void everyHistoryRecordAndStoredTypeIsBoundByReflection() throws Exception {
		RuntimeHints hints = libraryHints();
		assertThat(HistoryEvent.class.getPermittedSubclasses()).hasSizeGreaterThan(10);
		for (Class<?> event : HistoryEvent.class.getPermittedSubclasses()) {
			assertThat(RuntimeHintsPredicates.reflection().onType(event)).as(event.getName()).accepts(hints);
			assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(event.getDeclaredConstructors()[0]))
				.as(event.getName())
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TaskCompleted.class, "result")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(FailureDetails.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(ActivityRequest.class)).accepts(hints);
		for (String internal : WorkflowRuntimeHints.INTERNAL_STORED_TYPES) {
			Class<?> type = Class.forName(internal);
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(internal).accepts(hints);
		}
	}

	@Test
	void migrationsOfEveryVendorAreIncluded() {
		RuntimeHints hints = libraryHints();
		for (String vendor : List.of("h2", "postgresql", "sqlite")) {
			assertThat(RuntimeHintsPredicates.resource().forResource("db/workflow/" + vendor + "/V1__workflow_tables.sql"))
				.as(vendor)
				.accepts(hints);
			assertThat(RuntimeHintsPredicates.resource()
				.forResource("db/workflow-actors/" + vendor + "/V1__actor_tables.sql")).as(vendor).accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.resource().forResource("db/other/h2/V1__x.sql")).rejects(hints);
	}

	@Test
	void backendProvidersAreFoundThroughTheirServiceFiles() throws Exception {
		RuntimeHints hints = libraryHints();
		assertThat(RuntimeHintsPredicates.resource()
			.forResource("META-INF/services/dev.workflow.backend.WorkflowBackendProvider")).accepts(hints);
		assertThat(RuntimeHintsPredicates.resource()
			.forResource("META-INF/services/dev.workflow.backend.actors.ActorStateStoreProvider")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(JdbcBackendProvider.class.getConstructor())).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(
					Class.forName("dev.workflow.backend.actors.jdbc.JdbcActorStateStoreProvider").getConstructor()))
			.accepts(hints);
	}

	@Test
	void aotProcessingOfAContextRegistersItsWorkflowAndActivityMethodsAndTheirPayloads() throws Exception {
		GenericApplicationContext context = new GenericApplicationContext();
		context.registerBean("shopFlows", ShopFlows.class);
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "ShopApplication")), new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		RuntimeHints hints = generation.getRuntimeHints();

		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ShopFlows.class, "shop")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ShopFlows.class, "reserve")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ShopFlows.class, "notAWorkflow"))
			.rejects(hints);
		// inputs, outputs and the types inside them are bound by Jackson
		for (Class<?> payload : List.of(Order.class, Line.class, Receipt.class, Reservation.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onType(payload)).as(payload.getName()).accepts(hints);
			assertThat(RuntimeHintsPredicates.reflection()
				.onConstructorInvocation(payload.getDeclaredConstructors()[0])).as(payload.getName()).accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "lines")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(WorkflowContext.class)).rejects(hints);
		// the library's own hints come with any context, through aot.factories
		assertThat(RuntimeHintsPredicates.resource().forResource("db/workflow/postgresql/V1__workflow_tables.sql"))
			.accepts(hints);
	}

}
