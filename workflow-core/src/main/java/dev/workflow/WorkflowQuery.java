package dev.workflow;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Filters and paging for {@link WorkflowClient#listInstances(WorkflowQuery)}. Unset filters match
 * everything. It covers durabletask's {@code OrchestrationStatusQuery} (runtime statuses, created-time
 * range, instance id prefix, page size as {@code maxInstanceCount}, continuation token, fetching
 * payloads); task hub names have no meaning here.
 */
public final class WorkflowQuery {

	private Set<WorkflowRuntimeStatus> runtimeStatuses = EnumSet.noneOf(WorkflowRuntimeStatus.class);

	private String name;

	private String instanceIdPrefix;

	private Instant createdFrom;

	private Instant createdTo;

	/** The page size when none is set (or durabletask's {@code maxInstanceCount} is 0). */
	public static final int DEFAULT_PAGE_SIZE = 100;

	private int pageSize = DEFAULT_PAGE_SIZE;

	/** The page size as set through {@link #setMaxInstanceCount}, where 0 means the default. */
	private int maxInstanceCount = DEFAULT_PAGE_SIZE;

	private String continuationToken;

	private boolean fetchInputsAndOutputs;

	/**
	 * Matches instances in any of these statuses.
	 * @param statuses the statuses; none for all
	 * @return this
	 */
	public WorkflowQuery setRuntimeStatus(WorkflowRuntimeStatus... statuses) {
		// a list, not Set.of: a status given twice is harmless, not an error
		this.runtimeStatuses = (statuses == null || statuses.length == 0) ? EnumSet.noneOf(WorkflowRuntimeStatus.class)
				: EnumSet.copyOf(Arrays.asList(statuses));
		return this;
	}

	/**
	 * Matches instances in any of these statuses (durabletask's name for {@link #setRuntimeStatus}).
	 * @param statuses the statuses; null or empty for all
	 * @return this
	 */
	public WorkflowQuery setRuntimeStatusList(List<WorkflowRuntimeStatus> statuses) {
		return setRuntimeStatus(statuses == null ? new WorkflowRuntimeStatus[0]
				: statuses.toArray(new WorkflowRuntimeStatus[0]));
	}

	/**
	 * Matches instances whose id starts with this prefix (case-sensitive; {@code %} and {@code _}
	 * are plain characters).
	 * @param prefix the prefix, or null (or empty) for all
	 * @return this
	 */
	public WorkflowQuery setInstanceIdPrefix(String prefix) {
		this.instanceIdPrefix = (prefix == null || prefix.isEmpty()) ? null : prefix;
		return this;
	}

	/**
	 * Matches instances of this workflow name.
	 * @param name the name, or null for all
	 * @return this
	 */
	public WorkflowQuery setName(String name) {
		this.name = name;
		return this;
	}

	/**
	 * Matches instances created at or after this instant.
	 * @param from the lower bound, inclusive, or null
	 * @return this
	 */
	public WorkflowQuery setCreatedFrom(Instant from) {
		this.createdFrom = from;
		return this;
	}

	/**
	 * Matches instances created before this instant.
	 * @param to the upper bound, exclusive, or null
	 * @return this
	 */
	public WorkflowQuery setCreatedTo(Instant to) {
		this.createdTo = to;
		return this;
	}

	/**
	 * Matches instances created at or after this instant (durabletask's name for
	 * {@link #setCreatedFrom}).
	 * @param from the lower bound, inclusive, or null
	 * @return this
	 */
	public WorkflowQuery setCreatedTimeFrom(Instant from) {
		return setCreatedFrom(from);
	}

	/**
	 * Matches instances created before this instant (durabletask's name for {@link #setCreatedTo}).
	 * @param to the upper bound, exclusive, or null
	 * @return this
	 */
	public WorkflowQuery setCreatedTimeTo(Instant to) {
		return setCreatedTo(to);
	}

	/**
	 * Sets the page size under durabletask's name, where 0 means the default page size
	 * ({@value #DEFAULT_PAGE_SIZE}).
	 * @param maxInstanceCount instances per page, 0 to 1000
	 * @return this
	 */
	public WorkflowQuery setMaxInstanceCount(int maxInstanceCount) {
		if (maxInstanceCount < 0 || maxInstanceCount > 1000) {
			throw new IllegalArgumentException(
					"maxInstanceCount must be between 0 (the default page size) and 1000, was " + maxInstanceCount);
		}
		setPageSize(maxInstanceCount == 0 ? DEFAULT_PAGE_SIZE : maxInstanceCount);
		this.maxInstanceCount = maxInstanceCount;
		return this;
	}

	/**
	 * The page size as durabletask's {@code getMaxInstanceCount} reads it: what
	 * {@link #setMaxInstanceCount} set (0 included), else the page size.
	 * @return instances per page, or 0 for the default
	 */
	public int getMaxInstanceCount() {
		return this.maxInstanceCount;
	}

	/**
	 * Sets the page size (1 to 1000).
	 * @param pageSize instances per page
	 * @return this
	 */
	public WorkflowQuery setPageSize(int pageSize) {
		if (pageSize < 1 || pageSize > 1000) {
			throw new IllegalArgumentException("pageSize must be between 1 and 1000, was " + pageSize);
		}
		this.pageSize = pageSize;
		this.maxInstanceCount = pageSize;
		return this;
	}

	/**
	 * Continues a listing after the page that returned this token.
	 * @param token the previous page's token, or null for the first page
	 * @return this
	 */
	public WorkflowQuery setContinuationToken(String token) {
		this.continuationToken = token;
		return this;
	}

	/**
	 * Whether inputs, outputs and custom status are included.
	 * @param fetch true to include them
	 * @return this
	 */
	public WorkflowQuery setFetchInputsAndOutputs(boolean fetch) {
		this.fetchInputsAndOutputs = fetch;
		return this;
	}

	/**
	 * The status filter.
	 * @return the statuses, empty for all
	 */
	public Set<WorkflowRuntimeStatus> getRuntimeStatuses() {
		return this.runtimeStatuses;
	}

	/**
	 * The name filter.
	 * @return the name, or null
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The instance id prefix filter.
	 * @return the prefix, or null for all
	 */
	public String getInstanceIdPrefix() {
		return this.instanceIdPrefix;
	}

	/**
	 * The inclusive lower creation bound.
	 * @return the bound, or null
	 */
	public Instant getCreatedFrom() {
		return this.createdFrom;
	}

	/**
	 * The exclusive upper creation bound.
	 * @return the bound, or null
	 */
	public Instant getCreatedTo() {
		return this.createdTo;
	}

	/**
	 * The page size.
	 * @return instances per page
	 */
	public int getPageSize() {
		return this.pageSize;
	}

	/**
	 * The continuation token.
	 * @return the token, or null
	 */
	public String getContinuationToken() {
		return this.continuationToken;
	}

	/**
	 * Whether payloads are included.
	 * @return true to include them
	 */
	public boolean isFetchInputsAndOutputs() {
		return this.fetchInputsAndOutputs;
	}

}
