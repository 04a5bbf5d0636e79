package dev.workflow.spring.boot.autoconfigure;

import java.lang.reflect.Method;
import java.util.function.BiConsumer;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * How the registrars walk the application's beans for annotated methods: one walk, so workflow,
 * activity and schedule annotations are found on the same beans (proxied ones by their target
 * class) and named the same way in errors.
 */
final class BeanMethods {

	private BeanMethods() {
	}

	/**
	 * Calls the action with each bean's name and the class its methods are declared on: the target
	 * class of an AOP proxy, else the bean's type. Abstract definitions and beans whose type cannot be
	 * told without creating them are skipped.
	 * @param beanFactory the beans
	 * @param action what to do with a bean's name and class
	 */
	static void forEachBeanClass(ListableBeanFactory beanFactory, BiConsumer<String, Class<?>> action) {
		for (String name : beanFactory.getBeanNamesForType(Object.class, false, false)) {
			if (beanFactory instanceof ConfigurableListableBeanFactory cbf && cbf.containsBeanDefinition(name)
					&& cbf.getBeanDefinition(name).isAbstract()) {
				continue;
			}
			Class<?> type = beanFactory.getType(name, false);
			if (type == null) {
				continue;
			}
			action.accept(name, AopUtils.isAopProxy(type) ? AopUtils.getTargetClass(beanFactory.getBean(name)) : type);
		}
	}

	/** Names a bean method in errors: {@code bean 'orders' method com.example.Orders.place}. */
	static String describe(String beanName, Method m) {
		return "bean '" + beanName + "' method " + m.getDeclaringClass().getName() + "." + m.getName();
	}

}
