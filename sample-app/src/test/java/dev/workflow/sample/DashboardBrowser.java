package dev.workflow.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through chromedriver, both Debian's packages (.ci/browser.sh installs
 * them). The paths are given explicitly so Selenium never tries to download a browser or driver.
 */
final class DashboardBrowser implements AutoCloseable {

	private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");

	private static final String CHROMEDRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");

	final ChromeDriver driver;

	private final String base;

	DashboardBrowser(int port) {
		if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
			throw new IllegalStateException("The browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
					+ ": run .ci/browser.sh (apt-get install chromium chromium-driver)");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1400,1000", "--lang=en-US");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * Loads a page afresh. Going to another #route of the page already shown would only re-render
	 * it, and an element found right after could belong to the old view; a blank page in between
	 * makes every load a new document.
	 */
	void open(String path) {
		this.driver.get("about:blank");
		this.driver.get(this.base + path);
	}

	String currentPath() {
		return this.driver.getCurrentUrl().substring(this.base.length());
	}

	/** Signs in on Spring Security's login page, which the browser must be showing. */
	void signIn(String user, String password) {
		waitFor(By.id("username")).sendKeys(user);
		this.driver.findElement(By.id("password")).sendKeys(password);
		this.driver.findElement(By.cssSelector("button[type=submit]")).click();
	}

	WebElement waitFor(By by) {
		return new WebDriverWait(this.driver, Duration.ofSeconds(15))
			.until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	void waitUntil(java.util.function.Function<WebDriver, Boolean> condition) {
		try {
			// the page re-renders as it loads, so an element found a moment ago may be gone
			new WebDriverWait(this.driver, Duration.ofSeconds(15))
				.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
				.until(condition);
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			// say what the page showed: a timeout alone does not tell why
			throw new AssertionError("Timed out on " + this.driver.getCurrentUrl() + " showing:\n"
					+ this.driver.findElement(By.tagName("body")).getText(), ex);
		}
	}

	List<WebElement> all(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	/** Writes a PNG of the page to the screenshot folder (target/, or -Ddashboard.screenshots=dir). */
	void screenshot(String name) throws IOException {
		Path dir = Path.of(System.getProperty("dashboard.screenshots", "target/dashboard-screenshots"));
		Files.createDirectories(dir);
		// the whole page, not just the window: grow the window to the page for the shot
		long height = (Long) this.driver.executeScript("return document.documentElement.scrollHeight");
		this.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, (int) Math.min(height + 100, 2400)));
		Files.write(dir.resolve(name + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
		this.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
