package dev.workflow.spring.boot.autoconfigure;

import java.util.List;

/**
 * The workflow backend needs the application's DataSource, but there are several, none of them
 * {@code @Primary} or marked {@link WorkflowDataSource @WorkflowDataSource}.
 */
public final class AmbiguousWorkflowDataSourceException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final List<String> candidates;

	/**
	 * @param candidates the names of the DataSource beans
	 */
	public AmbiguousWorkflowDataSourceException(List<String> candidates) {
		super("The workflow backend needs one DataSource, but found " + candidates.size()
				+ " and none is @Primary or marked @WorkflowDataSource: " + String.join(", ", candidates));
		this.candidates = List.copyOf(candidates);
	}

	/**
	 * The names of the DataSource beans the backend could not choose between.
	 * @return the bean names
	 */
	public List<String> getCandidates() {
		return this.candidates;
	}

}
