package dev.workflow.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test slice for workflows: starts the workflow runtime on the in-memory {@code actors} backend
 * (whatever the application's {@code dapr.workflow.backend-type} says), with only the beans that
 * declare {@link dev.workflow.Workflow @Workflow} or {@link dev.workflow.Activity @Activity}
 * methods (plus {@link dev.workflow.WorkflowExecutionListener} and
 * {@link dev.workflow.DataConverter} beans, and the {@link #components() components} named), and
 * a {@link WorkflowTestClock} that skips time while every instance waits on a timer. Inject the
 * {@link dev.workflow.WorkflowClient} and the clock; replace an activity bean with
 * {@code @MockitoBean} to drive the workflow from the mock's answers.
 * <pre>{@code
 * @WorkflowTest(components = Inventory.class)
 * class OrderWorkflowTests {
 *   @Autowired WorkflowClient client;
 *
 *   @Test
 *   void largeOrderIsRejectedWhenNobodyApprovesWithinADay() {
 *     String id = client.scheduleNewWorkflow("order", new Order("o-1", "book", 1, 5000));
 *     WorkflowAssertions.assertThat(client, id).completes(Duration.ofSeconds(10))
 *       .hasOutputSatisfying(OrderResult.class, r -> assertThat(r.status()).isEqualTo("REJECTED"));
 *   }
 * }
 * }</pre>
 * The one-day approval timeout passes in milliseconds of wall time. Beans an activity needs that
 * are neither named nor mocked are missing, as in any slice: name them in {@link #components()}
 * or mock them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(WorkflowTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(WorkflowTypeExcludeFilter.class)
@AutoConfigureWorkflowTest
public @interface WorkflowTest {

	/**
	 * Properties in the form {@literal key=value} added to the environment before the test runs.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * Whether the clock jumps to the next due timer while every instance waits (on for a test that
	 * lets timers pass; off for one that raises an event before a wait's timeout, moving time with
	 * {@link WorkflowTestClock#advance(java.time.Duration)}).
	 * @return whether time skipping is on
	 */
	@PropertyMapping(WorkflowTestAutoConfiguration.TIME_SKIPPING_PROPERTY)
	boolean timeSkipping() default true;

	/**
	 * Component classes to add to the slice besides the workflow and activity beans, such as a
	 * service an activity calls.
	 * @return the classes to include
	 */
	@AliasFor("value")
	Class<?>[] components() default {};

	/**
	 * Alias of {@link #components()}.
	 * @return the classes to include
	 */
	@AliasFor("components")
	Class<?>[] value() default {};

	/**
	 * Whether the default filters apply: the workflow and activity beans, listeners, data
	 * converters and {@link #components()} are included. Off, only {@link #includeFilters()} decide.
	 * @return whether to use the default filters
	 */
	boolean useDefaultFilters() default true;

	/**
	 * More beans to include, found by component scanning.
	 * @return the include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Beans to leave out that the other filters would include.
	 * @return the exclude filters
	 */
	Filter[] excludeFilters() default {};

}
