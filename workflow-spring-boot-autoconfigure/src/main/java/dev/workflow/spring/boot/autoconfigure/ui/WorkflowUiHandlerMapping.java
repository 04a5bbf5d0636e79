package dev.workflow.spring.boot.autoconfigure.ui;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.beans.factory.config.EmbeddedValueResolver;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Maps the dashboard's controller, and only it. The controller carries no {@code @Controller} on
 * purpose: an application whose component scan covers this package (one in package
 * {@code dev.workflow}, say) must not get a dashboard it did not enable. The annotation mapping it
 * delegates to is not a bean itself, so code that looks up the application's one
 * {@link RequestMappingHandlerMapping} by type still finds exactly one.
 */
final class WorkflowUiHandlerMapping implements HandlerMapping, Ordered, ApplicationContextAware, InitializingBean {

	private final RequestMappingHandlerMapping delegate = new RequestMappingHandlerMapping() {

		@Override
		protected boolean isHandler(Class<?> beanType) {
			return WorkflowUiController.class.isAssignableFrom(beanType);
		}

	};

	WorkflowUiHandlerMapping() {
		// ahead of the application's mappings, so a catch-all of theirs cannot hide the dashboard
		this.delegate.setOrder(-1);
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.delegate.setApplicationContext(context);
		if (context instanceof ConfigurableApplicationContext configurable) {
			// resolves ${dapr.workflow.ui.path} in the controller's mapping
			this.delegate.setEmbeddedValueResolver(new EmbeddedValueResolver(configurable.getBeanFactory()));
		}
	}

	@Override
	public void afterPropertiesSet() {
		this.delegate.afterPropertiesSet();
	}

	@Override
	public HandlerExecutionChain getHandler(HttpServletRequest request) throws Exception {
		return this.delegate.getHandler(request);
	}

	@Override
	public boolean usesPathPatterns() {
		return this.delegate.usesPathPatterns();
	}

	@Override
	public int getOrder() {
		return this.delegate.getOrder();
	}

}
