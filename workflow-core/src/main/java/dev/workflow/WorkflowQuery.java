package dev.workflow;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Filters and paging for {@link WorkflowClient#listInstances(WorkflowQuery)}. Unset filters match
 * everything.
 */
public final class WorkflowQuery {

	private Set<WorkflowRuntimeStatus> runtimeStatuses = EnumSet.noneOf(WorkflowRuntimeStatus.class);

	private String name;

	private Instant createdFrom;

	private Instant createdTo;

	private int pageSize = 100;

	private String continuationToken;

	private boolean fetchInputsAndOutputs;

	/**
	 * Matches instances in any of these statuses.
	 * @param statuses the statuses; none for all
	 * @return this
	 */
	public WorkflowQuery setRuntimeStatus(WorkflowRuntimeStatus... statuses) {
		this.runtimeStatuses = statuses.length == 0 ? EnumSet.noneOf(WorkflowRuntimeStatus.class)
				: EnumSet.copyOf(Set.of(statuses));
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
	 * Sets the page size (1 to 1000).
	 * @param pageSize instances per page
	 * @return this
	 */
	public WorkflowQuery setPageSize(int pageSize) {
		if (pageSize < 1 || pageSize > 1000) {
			throw new IllegalArgumentException("pageSize must be between 1 and 1000, was " + pageSize);
		}
		this.pageSize = pageSize;
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
