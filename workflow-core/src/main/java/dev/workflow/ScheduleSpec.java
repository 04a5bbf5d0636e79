package dev.workflow;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a durable schedule does: which workflow it starts, with which input, when (a {@link Cron}
 * expression in a zone, or a fixed interval) and how it treats overlapping and missed runs. Build
 * one with {@link #builder(String, String)} and pass it to {@link WorkflowSchedules#create}; the
 * {@link WorkflowSchedule @WorkflowSchedule} annotation describes the same settings.
 */
public final class ScheduleSpec {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,48}");

	private final String id;

	private final String workflowName;

	private final Object input;

	private final String inputJson;

	private final String cron;

	private final ZoneId zone;

	private final Duration interval;

	private final ScheduleOverlapPolicy overlap;

	private final ScheduleCatchUpPolicy catchUp;

	private final Duration catchUpWindow;

	private ScheduleSpec(Builder b) {
		this.id = b.id;
		this.workflowName = b.workflowName;
		this.input = b.input;
		this.inputJson = b.inputJson;
		this.cron = b.cron;
		this.zone = b.zone;
		this.interval = b.interval;
		this.overlap = b.overlap;
		this.catchUp = b.catchUp;
		this.catchUpWindow = b.catchUpWindow;
	}

	/**
	 * Starts a spec.
	 * @param id the schedule id: 1 to 48 letters, digits, '_', '.' or '-'; runs get the instance
	 * ids {@code <id>-<due time in epoch seconds>}
	 * @param workflowName the workflow to start
	 * @return a builder
	 */
	public static Builder builder(String id, String workflowName) {
		return new Builder(id, workflowName);
	}

	/**
	 * The spec an annotation describes.
	 * @param workflowName the name of the annotated workflow
	 * @param schedule the annotation
	 * @param ordinal the annotation's position among the method's schedules (0 for the first),
	 * which makes the default ids of several schedules differ
	 * @return the spec
	 * @throws IllegalArgumentException naming the attribute that is wrong and what it allows
	 */
	public static ScheduleSpec of(String workflowName, WorkflowSchedule schedule, int ordinal) {
		String id = schedule.id();
		if (id.isEmpty()) {
			String base = workflowName.replaceAll("[^A-Za-z0-9_.\\-]", "-");
			String suffix = ordinal == 0 ? "" : "-" + (ordinal + 1);
			id = base.substring(0, Math.min(base.length(), 48 - suffix.length())) + suffix;
		}
		Builder b = builder(id, workflowName).zone(schedule.zone())
			.overlap(schedule.overlap())
			.catchUp(schedule.catchUp())
			.catchUpWindow(duration(schedule.catchUpWindow(), "catchUpWindow"))
			.inputJson(schedule.input().isEmpty() ? null : schedule.input());
		if (!schedule.cron().isEmpty()) {
			b.cron(schedule.cron());
		}
		if (!schedule.interval().isEmpty()) {
			b.interval(duration(schedule.interval(), "interval"));
		}
		return b.build();
	}

	private static Duration duration(String text, String attribute) {
		try {
			return Duration.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("Invalid @WorkflowSchedule " + attribute + " '" + text
					+ "': expected an ISO-8601 duration such as PT30S, PT5M or PT1H");
		}
	}

	/** @return the schedule id */
	public String getId() {
		return this.id;
	}

	/** @return the workflow it starts */
	public String getWorkflowName() {
		return this.workflowName;
	}

	/** @return the input object given to the builder, or null (see {@link #getInputJson()}) */
	public Object getInput() {
		return this.input;
	}

	/** @return the input given as JSON text, or null */
	public String getInputJson() {
		return this.inputJson;
	}

	/** @return the cron expression, or null for a fixed interval */
	public String getCron() {
		return this.cron;
	}

	/** @return the zone the cron expression is read in */
	public ZoneId getZone() {
		return this.zone;
	}

	/** @return the fixed interval, or null for a cron expression */
	public Duration getInterval() {
		return this.interval;
	}

	/** @return the overlap policy */
	public ScheduleOverlapPolicy getOverlap() {
		return this.overlap;
	}

	/** @return the catch-up policy */
	public ScheduleCatchUpPolicy getCatchUp() {
		return this.catchUp;
	}

	/** @return how late a due time may start before it counts as missed */
	public Duration getCatchUpWindow() {
		return this.catchUpWindow;
	}

	@Override
	public String toString() {
		return "ScheduleSpec[id=" + this.id + ", workflow=" + this.workflowName + ", "
				+ (this.cron != null ? "cron='" + this.cron + "' " + this.zone : "interval=" + this.interval)
				+ ", overlap=" + this.overlap + ", catchUp=" + this.catchUp + " within " + this.catchUpWindow + "]";
	}

	/**
	 * Builds a {@link ScheduleSpec}.
	 */
	public static final class Builder {

		private final String id;

		private final String workflowName;

		private Object input;

		private String inputJson;

		private String cron;

		private ZoneId zone = ZoneId.of("UTC");

		private Duration interval;

		private ScheduleOverlapPolicy overlap = ScheduleOverlapPolicy.SKIP;

		private ScheduleCatchUpPolicy catchUp = ScheduleCatchUpPolicy.SKIP_MISSED;

		private Duration catchUpWindow = Duration.ofMinutes(1);

		private Builder(String id, String workflowName) {
			this.id = id;
			this.workflowName = workflowName;
		}

		/**
		 * Sets the input of every run, serialized with the runtime's data converter.
		 * @param input the input, or null for none
		 * @return this
		 */
		public Builder input(Object input) {
			this.input = input;
			this.inputJson = null;
			return this;
		}

		/**
		 * Sets the input of every run as JSON text.
		 * @param json the JSON text, or null for none
		 * @return this
		 */
		public Builder inputJson(String json) {
			this.inputJson = json;
			this.input = null;
			return this;
		}

		/**
		 * Starts runs on a cron expression in Spring's six-field syntax.
		 * @param expression the expression (see {@link Cron})
		 * @return this
		 */
		public Builder cron(String expression) {
			this.cron = expression;
			return this;
		}

		/**
		 * Sets the zone of the cron expression.
		 * @param zoneId a zone id such as {@code UTC} or {@code Europe/Paris}
		 * @return this
		 * @throws IllegalArgumentException for an unknown zone
		 */
		public Builder zone(String zoneId) {
			try {
				this.zone = ZoneId.of(zoneId);
			}
			catch (DateTimeException | NullPointerException ex) {
				throw new IllegalArgumentException("Invalid schedule zone '" + zoneId + "' for schedule '" + this.id
						+ "': expected a zone id such as UTC or Europe/Paris");
			}
			return this;
		}

		/**
		 * Starts runs at a fixed interval instead of on a cron expression: at the multiples of the
		 * interval since the epoch.
		 * @param interval the interval, at least one second
		 * @return this
		 */
		public Builder interval(Duration interval) {
			this.interval = interval;
			return this;
		}

		/**
		 * Sets what happens when a run falls due while the previous one runs.
		 * @param overlap the policy
		 * @return this
		 */
		public Builder overlap(ScheduleOverlapPolicy overlap) {
			this.overlap = Objects.requireNonNull(overlap, "overlap");
			return this;
		}

		/**
		 * Sets what happens to due times missed while the schedule could not run.
		 * @param catchUp the policy
		 * @return this
		 */
		public Builder catchUp(ScheduleCatchUpPolicy catchUp) {
			this.catchUp = Objects.requireNonNull(catchUp, "catchUp");
			return this;
		}

		/**
		 * Sets how late a due time may start before it counts as missed.
		 * @param window the window, zero or positive (default one minute)
		 * @return this
		 */
		public Builder catchUpWindow(Duration window) {
			this.catchUpWindow = window;
			return this;
		}

		/**
		 * Checks the settings and builds the spec.
		 * @return the spec
		 * @throws IllegalArgumentException naming what is wrong and what is allowed
		 */
		public ScheduleSpec build() {
			if (this.id == null || !ID.matcher(this.id).matches()) {
				throw new IllegalArgumentException("Invalid schedule id '" + this.id
						+ "': a schedule id must be 1 to 48 letters, digits, '_', '.' or '-'");
			}
			if (this.workflowName == null || this.workflowName.isBlank()) {
				throw new IllegalArgumentException("Schedule '" + this.id + "' names no workflow to start");
			}
			if ((this.cron == null) == (this.interval == null)) {
				throw new IllegalArgumentException("Schedule '" + this.id
						+ "' must set exactly one of a cron expression and a fixed interval, "
						+ (this.cron == null ? "and sets neither" : "and sets both"));
			}
			if (this.cron != null) {
				Cron.parse(this.cron);
			}
			if (this.interval != null && this.interval.compareTo(Duration.ofSeconds(1)) < 0) {
				throw new IllegalArgumentException("Invalid interval " + this.interval + " for schedule '" + this.id
						+ "': the interval must be at least one second (PT1S)");
			}
			if (this.catchUpWindow == null || this.catchUpWindow.isNegative()) {
				throw new IllegalArgumentException("Invalid catch-up window " + this.catchUpWindow + " for schedule '"
						+ this.id + "': the window must be zero or positive");
			}
			return new ScheduleSpec(this);
		}

	}

}
