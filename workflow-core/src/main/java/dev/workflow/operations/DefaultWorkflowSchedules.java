package dev.workflow.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workflow.DataConverter;
import dev.workflow.NewWorkflowOptions;
import dev.workflow.ScheduleDescription;
import dev.workflow.ScheduleSpec;
import dev.workflow.WorkflowClient;
import dev.workflow.WorkflowInstanceExistsException;
import dev.workflow.WorkflowInstanceNotFoundException;
import dev.workflow.WorkflowInstanceStatus;
import dev.workflow.WorkflowQuery;
import dev.workflow.WorkflowQueryResult;
import dev.workflow.WorkflowSchedules;

/**
 * Schedules as system workflow instances {@code schedule:<id>}: creating one starts its instance
 * (create-if-absent, so replicas racing at startup end with one), changes and commands are
 * external events to it, deleting it terminates and purges it.
 */
final class DefaultWorkflowSchedules implements WorkflowSchedules {

	private static final Logger log = LoggerFactory.getLogger(DefaultWorkflowSchedules.class);

	private static final Duration DELETE_WAIT = Duration.ofSeconds(30);

	private final Supplier<WorkflowClient> client;

	private final DataConverter converter;

	private final BooleanSupplier running;

	private final List<ScheduleSpec> declared = new CopyOnWriteArrayList<>();

	DefaultWorkflowSchedules(Supplier<WorkflowClient> client, DataConverter converter, BooleanSupplier running) {
		this.client = client;
		this.converter = converter;
		this.running = running;
	}

	@Override
	public boolean create(ScheduleSpec spec) {
		WorkflowClient c = this.client.get();
		Set<String> registered = c.registeredWorkflowNames();
		if (!registered.isEmpty() && !registered.contains(spec.getWorkflowName())) {
			throw new IllegalArgumentException("Schedule '" + spec.getId() + "' starts workflow '"
					+ spec.getWorkflowName() + "', which is not registered; registered workflows: " + registered);
		}
		StoredSpec stored = store(spec);
		String instanceId = INSTANCE_PREFIX + spec.getId();
		WorkflowInstanceStatus status = c.getInstanceState(instanceId, true);
		if (status == null || status.getRuntimeStatus().isTerminal()) {
			try {
				c.scheduleNewWorkflow(ScheduleWorkflow.NAME, new NewWorkflowOptions().setInstanceId(instanceId)
					.setInput(new ScheduleState(stored, false, null, null, null)));
				log.info("Created schedule {}", spec);
				return true;
			}
			catch (WorkflowInstanceExistsException raced) {
				// another replica created it first: compare with what it stored
				status = c.getInstanceState(instanceId, true);
			}
		}
		ScheduleState current = status == null ? null : status.readInputAs(ScheduleState.class);
		if (current == null || !stored.equals(current.spec())) {
			c.raiseEvent(instanceId, ScheduleCommand.EVENT,
					new ScheduleCommand(ScheduleCommand.Kind.UPDATE, stored, null));
			log.info("Updated schedule {}", spec);
		}
		return false;
	}

	@Override
	public void declare(ScheduleSpec spec) {
		this.declared.removeIf(s -> s.getId().equals(spec.getId()));
		this.declared.add(spec);
		if (this.running.getAsBoolean()) {
			create(spec);
		}
	}

	/**
	 * Creates or updates the declared schedules; called when the runtime has started. Schedules in
	 * the store that no declaration names (created through the client, or whose annotation was
	 * removed) keep running: they are logged, and deleting them is the application's call.
	 */
	void createDeclared() {
		if (this.declared.isEmpty()) {
			return;
		}
		Set<String> ids = new java.util.TreeSet<>();
		for (ScheduleSpec spec : this.declared) {
			create(spec);
			ids.add(spec.getId());
		}
		for (ScheduleDescription existing : list()) {
			if (!ids.contains(existing.id())) {
				log.info("Schedule '{}' (workflow '{}') is not declared by this application; it keeps running. "
						+ "Delete it with WorkflowSchedules.delete(\"{}\") if it is no longer wanted", existing.id(),
						existing.workflowName(), existing.id());
			}
		}
	}

	@Override
	public Optional<ScheduleDescription> get(String id) {
		WorkflowInstanceStatus status = this.client.get().getInstanceState(INSTANCE_PREFIX + id, true);
		return Optional.ofNullable(describe(status));
	}

	@Override
	public List<ScheduleDescription> list() {
		List<ScheduleDescription> all = new ArrayList<>();
		String token = null;
		do {
			WorkflowQueryResult page = this.client.get()
				.listInstances(new WorkflowQuery().setInstanceIdPrefix(INSTANCE_PREFIX)
					.setFetchInputsAndOutputs(true)
					.setPageSize(1000)
					.setContinuationToken(token));
			for (WorkflowInstanceStatus status : page.getWorkflowInstances()) {
				ScheduleDescription d = describe(status);
				if (d != null) {
					all.add(d);
				}
			}
			token = page.getContinuationToken();
		}
		while (token != null);
		all.sort(Comparator.comparing(ScheduleDescription::id));
		return all;
	}

	@Override
	public void pause(String id) {
		command(id, ScheduleCommand.Kind.PAUSE);
	}

	@Override
	public void resume(String id) {
		command(id, ScheduleCommand.Kind.RESUME);
	}

	@Override
	public void triggerNow(String id) {
		command(id, ScheduleCommand.Kind.TRIGGER);
	}

	@Override
	public boolean delete(String id) {
		WorkflowClient c = this.client.get();
		String instanceId = INSTANCE_PREFIX + id;
		WorkflowInstanceStatus status = c.getInstanceState(instanceId, false);
		if (status == null) {
			return false;
		}
		if (!status.getRuntimeStatus().isTerminal()) {
			c.terminateWorkflow(instanceId, null);
			try {
				c.waitForInstanceCompletion(instanceId, DELETE_WAIT, false);
			}
			catch (TimeoutException ex) {
				throw new IllegalStateException("Schedule '" + id + "' was asked to stop but its instance '"
						+ instanceId + "' did not end within " + DELETE_WAIT + "; is any replica running workflows?");
			}
		}
		this.declared.removeIf(s -> s.getId().equals(id));
		c.purgeInstance(instanceId);
		log.info("Deleted schedule '{}'", id);
		return true;
	}

	private void command(String id, ScheduleCommand.Kind kind) {
		String instanceId = INSTANCE_PREFIX + id;
		WorkflowInstanceStatus status = this.client.get().getInstanceState(instanceId, false);
		if (status == null || status.getRuntimeStatus().isTerminal()) {
			throw new WorkflowInstanceNotFoundException(instanceId);
		}
		this.client.get().raiseEvent(instanceId, ScheduleCommand.EVENT, new ScheduleCommand(kind, null,
				kind == ScheduleCommand.Kind.TRIGGER ? System.currentTimeMillis() : null));
	}

	private StoredSpec store(ScheduleSpec spec) {
		String input = spec.getInputJson() != null ? spec.getInputJson()
				: spec.getInput() == null ? null : this.converter.serialize(spec.getInput());
		return new StoredSpec(spec.getId(), spec.getWorkflowName(), input, spec.getCron(), spec.getZone().getId(),
				spec.getInterval() == null ? 0 : spec.getInterval().toMillis(), spec.getOverlap(), spec.getCatchUp(),
				spec.getCatchUpWindow().toMillis());
	}

	private static ScheduleDescription describe(WorkflowInstanceStatus status) {
		if (status == null || status.getRuntimeStatus().isTerminal()) {
			return null;
		}
		ScheduleState state = status.readInputAs(ScheduleState.class);
		if (state == null || state.spec() == null) {
			return null;
		}
		StoredSpec s = state.spec();
		return new ScheduleDescription(s.id(), s.workflowName(), s.inputJson(), s.cron(), s.zone(),
				s.intervalMillis() == 0 ? null : Duration.ofMillis(s.intervalMillis()), s.overlap(), s.catchUp(),
				s.catchUpWindow(), state.paused(),
				state.paused() || state.nextDueMillis() == null ? null : Instant.ofEpochMilli(state.nextDueMillis()),
				state.lastRunId(), status.getInstanceId());
	}

}
