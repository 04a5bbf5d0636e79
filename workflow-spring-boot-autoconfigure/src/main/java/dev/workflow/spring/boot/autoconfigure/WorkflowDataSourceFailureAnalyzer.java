package dev.workflow.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start that failed because the workflow backend could not choose between several
 * DataSources, naming them and the ways to choose.
 */
final class WorkflowDataSourceFailureAnalyzer extends AbstractFailureAnalyzer<AmbiguousWorkflowDataSourceException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AmbiguousWorkflowDataSourceException cause) {
		return new FailureAnalysis(
				"The workflow backend stores in the application's DataSource (no dapr.workflow.backend-configuration.url "
						+ "is set), but the application has " + cause.getCandidates().size()
						+ " DataSource beans and none is @Primary or marked @WorkflowDataSource: "
						+ String.join(", ", cause.getCandidates()) + ".",
				"Annotate the @Bean method of the DataSource for workflows with "
						+ "@dev.workflow.spring.boot.autoconfigure.WorkflowDataSource, or mark one DataSource @Primary, "
						+ "or give the workflows a database of their own with dapr.workflow.backend-configuration.url "
						+ "(with username and password).",
				cause);
	}

}
