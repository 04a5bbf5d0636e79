package dev.workflow.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import dev.workflow.WorkflowClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (headless Chromium) against the sample on a random port, behind
 * the sample's Spring Security with a user of the test's own choosing: sign-in, the list and its
 * filters, an instance's timeline, approving an order from the page, and CSRF. It also writes the
 * README's screenshots ({@code -Ddashboard.screenshots=../docs/images}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=ui-checker", "spring.security.user.password=ui-secret-42",
				"dapr.workflow.backend-configuration.url=jdbc:h2:file:./target/dashboard-${random.uuid}" })
class DashboardBrowserTests {

	static final String USER = "ui-checker:ui-secret-42";

	@Value("${local.server.port}")
	int port;

	@Autowired
	WorkflowClient workflows;

	private SampleHttp api;

	private DashboardBrowser browser;

	@BeforeAll
	void browser() {
		this.browser = new DashboardBrowser(this.port);
	}

	@AfterAll
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@BeforeEach
	void api() {
		this.api = new SampleHttp(this.port);
	}

	/** Opens the dashboard, signing in on the login page when the browser is not signed in yet. */
	private void openSignedIn(String hash) {
		this.browser.open("/workflows-ui/" + hash);
		if (this.browser.currentPath().startsWith("/login")) {
			this.browser.signIn("ui-checker", "ui-secret-42");
			this.browser.waitUntil((d) -> d.getCurrentUrl().contains("/workflows-ui"));
			this.browser.open("/workflows-ui/" + hash);
		}
	}

	@Test
	void signInIsRequiredAndTheConfiguredUserGetsIn() throws Exception {
		this.browser.driver.manage().deleteAllCookies();
		this.browser.open("/workflows-ui/");
		// Spring Security's form login, as with Boot's defaults
		this.browser.waitFor(By.id("username"));
		assertThat(this.browser.currentPath()).startsWith("/login");
		assertThat(this.api.send("GET", "/workflows-ui/api/overview", null).statusCode()).isEqualTo(401);
		assertThat(this.api.send("demo:demo-password", "GET", "/workflows-ui/api/overview", null).statusCode())
			.as("the demo password is replaced by the test's own user").isEqualTo(401);
		assertThat(this.api.send(USER, "GET", "/workflows-ui/api/overview", null).statusCode())
			.as("HTTP Basic works too").isEqualTo(200);
		assertThat(this.api.send(USER, "GET", "/workflows-ui", null).body()).contains("<title>Workflows</title>");
		this.browser.signIn("ui-checker", "ui-secret-42");
		this.browser.waitUntil((d) -> d.getCurrentUrl().contains("/workflows-ui"));
		assertThat(this.browser.waitFor(By.id("user")).getText()).isEqualTo("ui-checker");
		this.browser.waitFor(By.id("count-RUNNING"));
		// without the trailing '/' the page works the same
		this.browser.open("/workflows-ui#/instances");
		this.browser.waitFor(By.id("filter-status"));
	}

	@Test
	void listFilterAndOpenAnInstanceWithItsTimeline() throws Exception {
		String small = this.api.place("{\"item\": \"book\", \"quantity\": 1, \"amount\": 20}");
		String other = this.api.place("{\"item\": \"book\", \"quantity\": 3, \"amount\": 60}");
		this.api.awaitOrder(small, "COMPLETED", null);
		this.api.awaitOrder(other, "COMPLETED", null);
		openSignedIn("#/instances");
		this.browser.waitUntil((d) -> !this.browser.all("#instances tr[data-id='" + small + "']").isEmpty());
		this.browser.screenshot("dashboard-list");

		// filter by id prefix and name: only that order remains (its shipping child shares the prefix)
		WebElement prefix = this.browser.waitFor(By.id("filter-prefix"));
		prefix.clear();
		prefix.sendKeys(small);
		this.browser.driver.findElement(By.id("filter-name")).sendKeys("order");
		new Select(this.browser.driver.findElement(By.id("filter-status"))).selectByValue("COMPLETED");
		this.browser.driver.findElement(By.id("filter-apply")).click();
		this.browser.waitUntil((d) -> this.browser.all("#instances tbody tr[data-id]").size() == 1
				&& !this.browser.all("#instances tr[data-id='" + small + "']").isEmpty());
		// a status that does not match leaves nothing
		new Select(this.browser.driver.findElement(By.id("filter-status"))).selectByValue("FAILED");
		this.browser.driver.findElement(By.id("filter-apply")).click();
		this.browser.waitUntil((d) -> this.browser.all("#instances tbody tr[data-id]").isEmpty()
				&& d.getCurrentUrl().contains("status=FAILED"));

		// sorting by a column header: workflow name, descending first, so "shipping" leads "order"
		openSignedIn("#/instances");
		this.browser.waitFor(By.cssSelector("#instances th[data-sort=name]")).click();
		this.browser.waitUntil((d) -> d.getCurrentUrl().contains("sort=name")
				&& "shipping".equals(d.findElement(By.cssSelector("#instances tbody tr td:nth-child(2)")).getText()));
		// paging through the API the page uses: one instance per page, in a stable order
		DashboardApi dashboard = new DashboardApi(this.port, USER);
		Map<String, Object> first = dashboard.get("instances?size=1&page=0&sort=instanceId&dir=asc");
		Map<String, Object> second = dashboard.get("instances?size=1&page=1&sort=instanceId&dir=asc");
		assertThat((Integer) first.get("total")).isGreaterThanOrEqualTo(4);
		assertThat((List<?>) first.get("instances")).hasSize(1);
		assertThat(((Map<?, ?>) ((List<?>) first.get("instances")).get(0)).get("instanceId").toString())
			.isLessThan(((Map<?, ?>) ((List<?>) second.get("instances")).get(0)).get("instanceId").toString());
		// the created range: nothing was created in the future, everything after an hour ago
		String later = java.time.Instant.now().plusSeconds(3600).toString();
		String earlier = java.time.Instant.now().minusSeconds(3600).toString();
		assertThat(dashboard.get("instances?createdFrom=" + later).get("total")).isEqualTo(0);
		assertThat(dashboard.get("instances?createdFrom=" + earlier + "&createdTo=" + later).get("total"))
			.isEqualTo(first.get("total"));

		openSignedIn("#/instances?name=order&idPrefix=" + small);
		this.browser.waitFor(By.cssSelector("#instances a.instance-link")).click();
		assertThat(this.browser.waitFor(By.id("instance-id")).getText()).isEqualTo(small);
		this.browser.waitFor(By.id("timeline"));
		// reserve and charge are activities, shipping a child workflow linked to its own page
		assertThat(this.browser.all("#timeline .bar.bar-activity.completed")).hasSizeGreaterThanOrEqualTo(2);
		assertThat(this.browser.all("#timeline .bar.bar-child.completed")).hasSize(1);
		assertThat(this.browser.driver.findElement(By.id("output")).getText()).contains("SHIPPED");
		this.browser.screenshot("dashboard-instance");
		this.browser.driver.findElement(By.cssSelector("#timeline a.child-link")).click();
		this.browser.waitUntil((d) -> "shipping".equals(d.findElement(By.cssSelector("dl.meta dd")).getText()));
		assertThat(this.browser.all("#timeline .bar.bar-activity")).hasSize(1);
	}

	@Test
	void aFailedChildShowsItsFailureWithTheStackTrace() throws Exception {
		// the carrier refuses fragile items: the shipping child fails, the order compensates
		String id = this.api.place("{\"item\": \"fragile-vase\", \"quantity\": 1, \"amount\": 40}");
		this.api.awaitOrder(id, "COMPLETED", null);
		openSignedIn("#/instance/" + id);
		this.browser.waitFor(By.cssSelector("#timeline .bar.bar-child.failed"));
		this.browser.waitFor(By.cssSelector("#timeline a.child-link")).click();
		WebElement failure = this.browser.waitFor(By.id("failure"));
		assertThat(failure.getText()).contains("The carrier does not take 'fragile-vase'")
			.contains("at dev.workflow.sample.OrderWorkflows.shipping");
		assertThat(this.browser.all("#timeline .bar.bar-activity.failed")).isNotEmpty();
	}

	@Test
	@SuppressWarnings("unchecked")
	void approveAnOrderFromTheDashboard() throws Exception {
		String id = this.api.place("{\"item\": \"laptop\", \"quantity\": 1, \"amount\": 1500}");
		this.api.awaitOrder(id, "RUNNING", "AWAITING_APPROVAL");
		openSignedIn("#/instance/" + id);
		this.browser.waitFor(By.id("event-name")).sendKeys("approve");
		WebElement payload = this.browser.driver.findElement(By.id("event-payload"));
		payload.sendKeys("{\"approved\": true, ");
		// the editor checks the JSON before anything is sent
		assertThat(this.browser.driver.findElement(By.id("event-check")).getText()).startsWith("Invalid JSON");
		payload.sendKeys("\"approver\": \"ui-checker\"}");
		assertThat(this.browser.driver.findElement(By.id("event-check")).getText()).isEqualTo("Valid JSON");
		this.browser.driver.findElement(By.id("event-send")).click();
		this.browser.waitUntil((d) -> d.findElement(By.id("message")).getText().contains("raise-event done"));
		Map<String, Object> done = this.api.awaitOrder(id, "COMPLETED", null);
		assertThat(((Map<String, Object>) done.get("output")).get("status")).isEqualTo("SHIPPED");
		// the page shows the event on the timeline once it reloads
		this.browser.waitUntil((d) -> !this.browser.all("#timeline .bar.bar-event").isEmpty());
	}

	@Test
	void actionsWithoutTheTokensAreRefused() throws Exception {
		String id = this.api.place("{\"item\": \"laptop\", \"quantity\": 1, \"amount\": 1800}");
		this.api.awaitOrder(id, "RUNNING", "AWAITING_APPROVAL");
		DashboardApi dashboard = new DashboardApi(this.port, USER);
		// signed in, but no CSRF token: Spring Security refuses
		assertThat(dashboard.act(id, "terminate", false, true).statusCode()).isEqualTo(403);
		// Spring's token alone is not enough: the dashboard's own action token is required too
		HttpResponse<String> noActionToken = dashboard.act(id, "terminate", true, false);
		assertThat(noActionToken.statusCode()).isEqualTo(403);
		assertThat(noActionToken.body()).contains("X-Workflow-UI-Token");
		assertThat(this.workflows.getInstanceState(id, false).isRunning()).isTrue();
		HttpResponse<String> both = dashboard.act(id, "terminate", true, true);
		assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
		this.workflows.waitForInstanceCompletion(id, Duration.ofSeconds(30), false);
		assertThat(this.workflows.getInstanceState(id, false).getRuntimeStatus().name()).isEqualTo("TERMINATED");
	}

	@Test
	void suspendResumeTerminateRestartAndPurgeThroughTheApi() throws Exception {
		String id = this.api.place("{\"item\": \"laptop\", \"quantity\": 1, \"amount\": 1700}");
		this.api.awaitOrder(id, "RUNNING", "AWAITING_APPROVAL");
		DashboardApi dashboard = new DashboardApi(this.port, USER);
		assertThat(dashboard.act(id, "suspend", true, true).statusCode()).isEqualTo(200);
		this.api.awaitOrder(id, "SUSPENDED", null);
		assertThat(dashboard.act(id, "resume", true, true).statusCode()).isEqualTo(200);
		this.api.awaitOrder(id, "RUNNING", null);
		HttpResponse<String> malformed = dashboard.act(id, "raise-event",
				"{\"eventName\": \"approve\", \"payload\": \"{not json\"}", true, true);
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.body()).contains("'payload' is not valid JSON");
		assertThat(dashboard.act(id, "terminate", true, true).statusCode()).isEqualTo(200);
		this.api.awaitOrder(id, "TERMINATED", null);
		HttpResponse<String> restarted = dashboard.act(id, "restart", "{\"newInstanceId\": true}", true, true);
		assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(200);
		String again = (String) this.api.read(restarted).get("newInstanceId");
		assertThat(again).isNotEqualTo(id);
		assertThat(this.workflows.getInstanceState(again, false)).isNotNull();
		assertThat(dashboard.act(id, "purge", true, true).statusCode()).isEqualTo(200);
		assertThat(this.workflows.getInstanceState(id, false)).isNull();
		assertThat(dashboard.act(again, "terminate", true, true).statusCode()).isEqualTo(200);
	}

	@Test
	void overviewScreenshot() throws Exception {
		String waiting = this.api.place("{\"item\": \"phone\", \"quantity\": 1, \"amount\": 1200}");
		this.api.place("{\"item\": \"mug\", \"quantity\": 2, \"amount\": 12}");
		this.api.awaitOrder(waiting, "RUNNING", "AWAITING_APPROVAL");
		openSignedIn("#/");
		this.browser.waitUntil((d) -> !d.findElement(By.cssSelector("#count-RUNNING .n")).getText().equals("0"));
		assertThat(this.browser.all("#by-name a")).extracting(WebElement::getText).contains("order");
		this.browser.screenshot("dashboard-overview");
	}

}
