package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browsable API at {@code /api-docs}: the Swagger UI WebJar, in headless Chromium, showing this
 * server's {@code /openapi.json}. Saves {@code target/screenshots/api-docs.png}.
 */
class ApiDocsBrowserTest extends OneNodeTest {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private WebDriver browser;

  @BeforeEach
  void openBrowser() {
    assumeFalse(Boolean.getBoolean("skipBrowserTests"), "skipped by -DskipBrowserTests");
    if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
      throw new AssertionError(
          "The browser test needs "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ": install them with 'apt-get update && apt-get install -y chromium chromium-driver',"
              + " or skip this test with -DskipBrowserTests");
    }
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(CHROMIUM)
            .addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--window-size=1280,1400");
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build(),
            options);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theApiPageListsTheOperationsOfTheOpenApiDocument() throws Exception {
    HttpResponse<String> bare = http.get("/api-docs");
    assertEquals(301, bare.statusCode());
    assertEquals("/api-docs/", bare.headers().firstValue("Location").orElse(null));
    HttpResponse<String> script = http.get("/api-docs/swagger-initializer.js");
    assertTrue(script.body().contains("url: \"/openapi.json\""), script.body());

    browser.get("http://127.0.0.1:" + port + "/api-docs/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));
    String title = browser.findElement(By.cssSelector(".info .title")).getText();
    assertTrue(title.contains("eventstack"), title);
    String page = browser.findElement(By.id("swagger-ui")).getText();
    for (String path : new String[] {"/tasks", "/api/beers", "/books", "/jobs"}) {
      assertTrue(page.contains(path), path + " missing from the page");
    }
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), SCREENSHOTS.resolve("api-docs.png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
