package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * against the whole system on a random port. Skipped only with {@code -DskipBrowserTests}.
 */
class BrowserUiTest extends OneNodeTest {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private WebDriver browser;
  private WebDriverWait wait;

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
                "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    // The table is redrawn on every change event, so a found row may go stale: look again.
    wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private List<String> titles() {
    return browser.findElements(By.cssSelector("#books-table tbody td.title")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private WebElement rowOf(String title) {
    return wait.until(
        d ->
            d.findElements(By.cssSelector("#books-table tbody tr")).stream()
                .filter(row -> row.findElement(By.cssSelector("td.title")).getText().equals(title))
                .findFirst()
                .orElse(null));
  }

  /** Clicks the control {@code selector} in the row of {@code title}, once the row is there. */
  private void clickInRow(String title, String selector) {
    wait.until(
        d -> {
          rowOf(title).findElement(By.cssSelector(selector)).click();
          return true;
        });
  }

  private JsonObject bookTitled(String title) {
    JsonArray books = new JsonArray(http.get("/books?limit=0").body());
    return books.stream()
        .map(JsonObject.class::cast)
        .filter(book -> title.equals(book.getString("title")))
        .findFirst()
        .orElse(null);
  }

  private void fill(WebElement form, String name, String value) {
    WebElement input = form.findElement(By.name(name));
    input.clear();
    input.sendKeys(value);
  }

  private void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aUserManagesBooksAndSeesOtherClientsChangesLive() throws Exception {
    browser.get("http://127.0.0.1:" + port + "/");
    wait.until(d -> titles().size() == 10);
    List<String> firstTen =
        new JsonArray(http.get("/books?limit=10&sortasc=title").body())
            .stream().map(book -> ((JsonObject) book).getString("title")).toList();
    assertEquals(firstTen, titles(), "the seeded books, sorted by title");
    wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));

    // Add a book through the form.
    WebElement add = browser.findElement(By.id("add-form"));
    fill(add, "title", "Aardvark Almanac");
    fill(add, "author", "Test Author");
    fill(add, "year", "2026");
    fill(add, "score", "7");
    add.findElement(By.cssSelector("button[type=submit]")).click();
    rowOf("Aardvark Almanac");
    JsonObject added = bookTitled("Aardvark Almanac");
    assertEquals(
        new JsonObject()
            .put("id", added.getString("id"))
            .put("title", "Aardvark Almanac")
            .put("author", "Test Author")
            .put("year", 2026)
            .put("score", 7)
            .put("read", false),
        added);

    // Edit it in the dialog.
    clickInRow("Aardvark Almanac", "button.edit");
    WebElement dialog =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-dialog")));
    fill(dialog, "title", "Aardvark Almanac II");
    screenshot("edit-dialog");
    dialog.findElement(By.id("edit-save")).click();
    rowOf("Aardvark Almanac II");
    assertEquals(
        "Aardvark Almanac II", http.getJson("/books/" + added.getString("id")).getString("title"));

    // Toggle read.
    clickInRow("Aardvark Almanac II", "input.toggle-read");
    wait.until(d -> http.getJson("/books/" + added.getString("id")).getBoolean("read"));

    // The server's refusal is shown.
    fill(add, "title", "x".repeat(1100));
    fill(add, "author", "Someone");
    add.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement error =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("books-error")));
    assertTrue(error.getText().startsWith("Invalid book: title"), error.getText());

    // Another client changes a book: the open page updates without a reload.
    ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");
    JsonObject first = bookTitled(firstTen.get(0));
    String changed = first.getString("title") + " (changed elsewhere)";
    http.send(
        "PUT", "/books/" + first.getString("id"), first.copy().put("title", changed).encode());
    rowOf(changed);
    assertEquals(
        Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.sameDocument;"));
    screenshot("books");

    // Delete with confirmation.
    clickInRow("Aardvark Almanac II", "button.delete");
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(d -> !titles().contains("Aardvark Almanac II"));
    assertEquals(404, http.get("/books/" + added.getString("id")).statusCode());

    // Paging.
    browser.findElement(By.id("next-page")).click();
    wait.until(ExpectedConditions.textToBe(By.id("page-info"), "Page 2"));
    assertFalse(titles().contains(changed));
    browser.findElement(By.id("first-page")).click();
    wait.until(ExpectedConditions.textToBe(By.id("page-info"), "Page 1"));
  }

  @Test
  void theTapsViewShowsTheLatestBeersAndEachTapsShareLive() throws Exception {
    browser.get("http://127.0.0.1:" + port + "/#taps");
    wait.until(ExpectedConditions.textToBe(By.id("taps-total"), "0 beers from 0 taps"));
    for (int i = 0; i < 10; i++) {
      http.send(
          "POST",
          "/api/beers",
          new JsonObject().put("tapId", i < 6 ? 1 : 2).put("volume", 500).encode());
    }
    wait.until(ExpectedConditions.textToBe(By.id("taps-total"), "10 beers from 2 taps"));
    List<WebElement> bars = browser.findElements(By.cssSelector("#tap-chart rect"));
    assertEquals(List.of("1", "2"), bars.stream().map(b -> b.getAttribute("data-tap")).toList());
    assertEquals(10, browser.findElements(By.cssSelector("#latest-beers li")).size());
    assertTrue(
        browser.findElement(By.cssSelector("#latest-beers li")).getText().startsWith("#9: tap 2"),
        "the newest first");
    screenshot("taps");
  }

  @Test
  void thePageFitsAPhoneAndEveryControlHasALabel() throws Exception {
    browser.manage().window().setSize(new Dimension(375, 800));
    browser.get("http://127.0.0.1:" + port + "/");
    wait.until(d -> titles().size() == 10);
    JavascriptExecutor js = (JavascriptExecutor) browser;
    Number overflow =
        (Number)
            js.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
    assertTrue(overflow.intValue() <= 0, "no sideways scrolling at 375 px: " + overflow);
    Number unlabelled =
        (Number)
            js.executeScript(
                "return [...document.querySelectorAll('input:not([type=hidden]), button')]"
                    + ".filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')"
                    + " && !c.textContent.trim()).length;");
    assertEquals(0, unlabelled.intValue(), "controls without an accessible name");
    screenshot("phone");
  }
}
