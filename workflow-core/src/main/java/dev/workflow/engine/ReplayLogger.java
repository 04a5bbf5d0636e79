package dev.workflow.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logger workflow code gets: its logging calls are dropped while the code replays history, so
 * each line appears once per original execution, not once per turn.
 */
final class ReplayLogger {

	private ReplayLogger() {
	}

	/**
	 * A logger for one workflow.
	 * @param workflowName the workflow, naming the logger {@code dev.workflow.Workflow.<name>}
	 * @param replaying whether the code is replaying at the moment of a call
	 * @return the logger
	 */
	static Logger of(String workflowName, BooleanSupplier replaying) {
		Logger target = LoggerFactory.getLogger("dev.workflow.Workflow." + workflowName);
		return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] { Logger.class },
				(proxy, method, args) -> {
					boolean logs = method.getName().matches("trace|debug|info|warn|error")
							&& method.getReturnType() == void.class;
					if (logs && replaying.getAsBoolean()) {
						return null;
					}
					try {
						return method.invoke(target, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
