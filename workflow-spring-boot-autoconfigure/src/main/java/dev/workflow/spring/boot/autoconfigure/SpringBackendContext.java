package dev.workflow.spring.boot.autoconfigure;

import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

import dev.workflow.backend.BackendContext;
import dev.workflow.backend.HostTransactions;

/**
 * What the application context offers a backend: its beans by type; for the DataSource the one
 * marked {@link WorkflowDataSource @WorkflowDataSource}, else the only or {@code @Primary} one; and
 * Spring's JDBC transactions to join, when spring-jdbc is on the class path. Beans are looked up
 * only when a backend asks, so a backend with a url of its own never touches the DataSources.
 */
final class SpringBackendContext implements BackendContext {

	/**
	 * Whether spring-jdbc (optional) is on the class path; checked here, so that without it the
	 * class that uses it is never loaded.
	 */
	private static final boolean SPRING_JDBC_PRESENT = ClassUtils.isPresent(
			"org.springframework.jdbc.datasource.DataSourceUtils", SpringBackendContext.class.getClassLoader());

	private final ListableBeanFactory beanFactory;

	private final ObjectProvider<DataSource> workflowDataSource;

	private final ObjectProvider<DataSource> dataSources;

	SpringBackendContext(ListableBeanFactory beanFactory, ObjectProvider<DataSource> workflowDataSource,
			ObjectProvider<DataSource> dataSources) {
		this.beanFactory = beanFactory;
		this.workflowDataSource = workflowDataSource;
		this.dataSources = dataSources;
	}

	@Override
	public <T> Optional<T> find(Class<T> type) {
		if (type == DataSource.class) {
			return Optional.ofNullable(type.cast(dataSource()));
		}
		if (type == HostTransactions.class) {
			return SPRING_JDBC_PRESENT ? Optional.of(type.cast(new SpringJdbcTransactions())) : Optional.empty();
		}
		return Optional.ofNullable(this.beanFactory.getBeanProvider(type).getIfUnique());
	}

	/**
	 * The qualified DataSource, else the single or primary one, else none; several without a way to
	 * choose fail with the candidates' names rather than leaving the backend to say there is none.
	 */
	private DataSource dataSource() {
		DataSource qualified = this.workflowDataSource.getIfAvailable();
		if (qualified != null) {
			return qualified;
		}
		DataSource unique = this.dataSources.getIfUnique();
		if (unique != null) {
			return unique;
		}
		String[] candidates = this.beanFactory.getBeanNamesForType(DataSource.class);
		if (candidates.length > 1) {
			throw new AmbiguousWorkflowDataSourceException(List.of(candidates));
		}
		return null;
	}

}
