package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browsable API at {@code /api-docs}: the Swagger UI WebJar, in headless Chromium, showing this
 * server's {@code /openapi.json}. Saves {@code target/screenshots/api-docs.png}.
 */
class ApiDocsBrowserTest extends OneNodeTest {

  private WebDriver browser;

  @BeforeEach
  void openBrowser() {
    browser = HeadlessChromium.open(1280, 1400);
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
    HeadlessChromium.screenshot(browser, "api-docs");
  }
}
