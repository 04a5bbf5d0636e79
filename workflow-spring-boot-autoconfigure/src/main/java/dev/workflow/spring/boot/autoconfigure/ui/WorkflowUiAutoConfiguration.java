package dev.workflow.spring.boot.autoconfigure.ui;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;

import dev.workflow.WorkflowClient;
import dev.workflow.spring.boot.autoconfigure.WorkflowAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Serves the workflow dashboard when {@code dapr.workflow.ui.enabled=true} in a Spring MVC servlet
 * application. With Spring Security on the class path the dashboard requires a signed-in user;
 * without it, it starts only when explicitly allowed and bound to loopback.
 */
@AutoConfiguration(after = WorkflowAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty("dapr.workflow.ui.enabled")
@ConditionalOnBean(WorkflowClient.class)
@EnableConfigurationProperties(WorkflowUiProperties.class)
public final class WorkflowUiAutoConfiguration {

	/**
	 * The per-minute figures of the overview, fed as a listener of the runtime.
	 * @return the ring of figures
	 */
	@Bean
	public WorkflowUiMetrics workflowUiMetrics() {
		return new WorkflowUiMetrics();
	}

	@Bean
	WorkflowUiController workflowUiController(WorkflowClient client, WorkflowUiProperties properties,
			UiAccess workflowUiAccess, WorkflowUiMetrics metrics) {
		properties.validate();
		return new WorkflowUiController(client, properties, workflowUiAccess,
				new WorkflowUiQueries(client, properties, Clock.systemUTC()), metrics);
	}

	@Bean
	WorkflowUiHandlerMapping workflowUiHandlerMapping() {
		return new WorkflowUiHandlerMapping();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.web.SecurityFilterChain")
	static class SecuredConfiguration {

		@Bean
		UiAccess workflowUiAccess(WorkflowUiProperties properties) {
			return new SpringSecurityUiAccess(properties.getActionRole());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
	static class UnsecuredConfiguration {

		@Bean
		UiAccess workflowUiAccess(WorkflowUiProperties properties, Environment environment) {
			String address = environment.getProperty("server.address");
			if (!properties.isAllowUnsecured() || !isLoopback(address)) {
				throw new WorkflowUiUnsecuredException(properties.isAllowUnsecured(), address);
			}
			return new UiAccess.Unsecured();
		}

		private static boolean isLoopback(String address) {
			if (address == null || address.isBlank()) {
				return false;
			}
			try {
				// every address the name resolves to must be loopback, not just the first
				for (InetAddress resolved : InetAddress.getAllByName(address.trim())) {
					if (!resolved.isLoopbackAddress()) {
						return false;
					}
				}
				return true;
			}
			catch (UnknownHostException ex) {
				return false;
			}
		}

	}

}
