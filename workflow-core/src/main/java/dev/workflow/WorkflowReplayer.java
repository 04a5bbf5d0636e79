package dev.workflow;

import java.lang.reflect.Type;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.workflow.backend.BackendJson;
import dev.workflow.backend.OutboundMessage;
import dev.workflow.backend.WorkflowTurnCommit;
import dev.workflow.engine.WorkflowExecutor;
import dev.workflow.engine.WorkflowRegistry;
import dev.workflow.history.ExecutionStarted;
import dev.workflow.history.HistoryEvent;

/**
 * Checks a workflow change against recorded histories before it is deployed. Export a history
 * (from {@link WorkflowClient#getInstanceHistory(String)} with {@link #toJson(List)}, or from the
 * {@code workflows} actuator endpoint), keep it as a test resource, and replay it against the
 * current code in a unit test:
 *
 * <pre>{@code
 * WorkflowReplayer.create()
 *     .registerWorkflow("order", orderWorkflows::order, Order.class)
 *     .replay(WorkflowReplayer.fromJson(Files.readString(Path.of("src/test/resources/order-history.json"))));
 * }</pre>
 *
 * A replay whose actions do not match the history throws {@link NonDeterminismException} naming
 * the first recorded event that the code no longer produces and what it does instead. Activities
 * are not run: their results come from the history.
 */
public final class WorkflowReplayer {

	private final WorkflowRegistry registry = new WorkflowRegistry();

	private DataConverter converter = new JacksonDataConverter();

	private WorkflowReplayer() {
	}

	/**
	 * Starts a replayer.
	 * @return an empty replayer
	 */
	public static WorkflowReplayer create() {
		return new WorkflowReplayer();
	}

	/**
	 * Registers the workflow code to check.
	 * @param name the workflow name, as recorded in the history
	 * @param function the code
	 * @param inputType the input type
	 * @param <I> the input type
	 * @return this
	 */
	@SuppressWarnings("unchecked")
	public <I> WorkflowReplayer registerWorkflow(String name, WorkflowFunction<I, ?> function, Type inputType) {
		this.registry.add(new WorkflowRegistry.RegisteredWorkflow(name, (WorkflowFunction<Object, Object>) function,
				inputType, "WorkflowReplayer.registerWorkflow(\"" + name + "\")"));
		return this;
	}

	/**
	 * Registers one version of the workflow code to check. A history replays on the version it
	 * recorded (or on the registration without a version, for a history recorded without one);
	 * {@code isPatched} answers from the patches the history recorded.
	 * @param name the workflow name, as recorded in the history
	 * @param version the version, as registered in the runtime
	 * @param latest whether it is the latest version (needed when several are registered)
	 * @param function the code
	 * @param inputType the input type
	 * @param <I> the input type
	 * @return this
	 */
	@SuppressWarnings("unchecked")
	public <I> WorkflowReplayer registerWorkflow(String name, String version, boolean latest,
			WorkflowFunction<I, ?> function, Type inputType) {
		this.registry.add(new WorkflowRegistry.RegisteredWorkflow(name, (WorkflowFunction<Object, Object>) function,
				inputType, "WorkflowReplayer.registerWorkflow(\"" + name + "\", \"" + version + "\")", version, latest));
		return this;
	}

	/**
	 * Uses the application's payload converter (for custom Jackson modules).
	 * @param converter the converter
	 * @return this
	 */
	public WorkflowReplayer dataConverter(DataConverter converter) {
		this.converter = Objects.requireNonNull(converter, "converter");
		return this;
	}

	/**
	 * Replays a recorded history against the registered code.
	 * @param history the events, as recorded
	 * @return the status the replay ends in (RUNNING for a history that stopped while waiting)
	 * @throws NonDeterminismException naming the first mismatched event
	 * @throws IllegalArgumentException if the history has no ExecutionStarted, or its workflow or the
	 * version it recorded is not registered, or it recorded a patch the code does not ask about
	 */
	public WorkflowRuntimeStatus replay(List<HistoryEvent> history) {
		this.registry.checkVersions();
		ExecutionStarted started = history.stream()
			.filter(ExecutionStarted.class::isInstance)
			.map(ExecutionStarted.class::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("The history has no ExecutionStarted event"));
		if (this.registry.versions(started.name()).isEmpty()) {
			throw new IllegalArgumentException("The history is of workflow '" + started.name()
					+ "', which is not registered with this replayer; registered: " + this.registry.workflowNames());
		}
		// A finished run's completion is what the replay computes again, so it is left out.
		List<HistoryEvent> recorded = new ArrayList<>();
		for (HistoryEvent e : history) {
			if (!(e instanceof dev.workflow.history.ExecutionCompleted)) {
				recorded.add(e);
			}
		}
		WorkflowExecutor executor = new WorkflowExecutor(this.registry, this.converter, Long.MAX_VALUE / 4,
				Clock.systemUTC());
		WorkflowTurnCommit result = executor.execute(started.instanceId(), recorded, List.of());
		if (result.status() == WorkflowRuntimeStatus.STALLED) {
			String why = result.historyToAppend().stream()
				.filter(dev.workflow.history.ExecutionStalled.class::isInstance)
				.map(e -> ((dev.workflow.history.ExecutionStalled) e).description())
				.findFirst()
				.orElse("it would stall");
			throw new IllegalArgumentException("The history cannot replay on the registered code: " + why);
		}
		FailureDetails failure = result.update().failure();
		if (failure != null && failure.isCausedBy(NonDeterminismException.class)) {
			throw new NonDeterminismException(failure.getErrorMessage());
		}
		if (!result.activities().isEmpty() || !result.timers().isEmpty() || hasChildStarts(result)) {
			StringBuilder extra = new StringBuilder();
			result.activities().forEach(a -> extra.append(" activity '").append(a.name()).append("' #").append(a.taskId()));
			result.timers().forEach(t -> extra.append(" timer at ").append(t.fireAt()));
			if (isFinished(history)) {
				throw new NonDeterminismException("Non-deterministic workflow '" + started.name() + "' (instance '"
						+ started.instanceId() + "'): the recorded run finished, but the code now takes more actions:"
						+ extra);
			}
		}
		return result.status();
	}

	private static boolean hasChildStarts(WorkflowTurnCommit result) {
		return result.outbox().stream().anyMatch(OutboundMessage.StartChild.class::isInstance);
	}

	private static boolean isFinished(List<HistoryEvent> history) {
		return history.stream().anyMatch(dev.workflow.history.ExecutionCompleted.class::isInstance);
	}

	/**
	 * Writes a history as JSON, the form {@link #fromJson(String)} reads.
	 * @param history the events
	 * @return a JSON array
	 */
	public static String toJson(List<HistoryEvent> history) {
		return BackendJson.writeHistory(history);
	}

	/**
	 * Reads a history exported with {@link #toJson(List)} or from the workflows endpoint's
	 * {@code history} field.
	 * @param json a JSON array of events
	 * @return the events
	 */
	public static List<HistoryEvent> fromJson(String json) {
		HistoryEvent[] events = BackendJson.read(json, HistoryEvent[].class);
		return List.of(events);
	}

}
