package dev.workflow.spring.boot.autoconfigure.tx;

import javax.sql.DataSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** {@link TransactionalStartTests} on an in-memory H2 database shared by the app and the backend. */
@SpringBootTest(classes = TransactionalStartH2Tests.H2App.class,
		properties = { "dapr.workflow.backend-type=jdbc", "dapr.workflow.backend-configuration.table-prefix=txs_" })
class TransactionalStartH2Tests extends TransactionalStartTests {

	@Configuration(proxyBeanMethods = false)
	@Import(App.class)
	static class H2App {

		@Bean(destroyMethod = "close")
		DataSource dataSource() {
			return pool("jdbc:h2:mem:tx-start;DB_CLOSE_DELAY=-1", "sa", "");
		}

	}

}
