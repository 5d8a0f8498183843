package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * against the whole system on a random port. Skipped only with {@code -DskipBrowserTests}.
 */
class BrowserUiTest extends OneNodeTest {

  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void openBrowser() {
    browser = HeadlessChromium.open(1280, 900);
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

  /**
   * Makes the page's viewport exactly {@code width} x {@code height} CSS pixels, as a screen of
   * that size would: a window's size would include the browser's frame, even headless.
   */
  private void viewport(int width, int height) {
    ((HasCdp) browser)
        .executeCdpCommand(
            "Emulation.setDeviceMetricsOverride",
            Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    wait.until(
        d ->
            ((Number) js().executeScript("return window.innerWidth;")).intValue() == width
                && ((Number) js().executeScript("return window.innerHeight;")).intValue()
                    == height);
  }

  private void screenshot(String name) throws Exception {
    HeadlessChromium.screenshot(browser, name);
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

    // Edit it in the dialog; emptying the score removes it.
    clickInRow("Aardvark Almanac", "button.edit");
    WebElement dialog =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-dialog")));
    fill(dialog, "title", "Aardvark Almanac II");
    fill(dialog, "score", "");
    screenshot("edit-dialog");
    dialog.findElement(By.id("edit-save")).click();
    rowOf("Aardvark Almanac II");
    JsonObject edited = http.getJson("/books/" + added.getString("id"));
    assertEquals("Aardvark Almanac II", edited.getString("title"));
    assertFalse(edited.containsKey("score"), "the emptied score is removed: " + edited);
    assertEquals(2026, edited.getInteger("year"), "the year is kept: " + edited);

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
    viewport(1280, 900);
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

  private void open(String view) {
    browser.get("http://127.0.0.1:" + port + "/#" + view);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(view + "-view")));
    wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
    // Checked before the last step of each flow: nothing reloaded the page meanwhile.
    js().executeScript("window.sameDocument = true;");
  }

  private JavascriptExecutor js() {
    return (JavascriptExecutor) browser;
  }

  private void assertSameDocument() {
    assertEquals(
        Boolean.TRUE, js().executeScript("return window.sameDocument;"), "the page was reloaded");
  }

  private void postBeer(int tapId) {
    assertEquals(
        201,
        http.send(
                "POST",
                "/api/beers",
                new JsonObject().put("tapId", tapId).put("volume", 500).encode())
            .statusCode());
  }

  private List<String> latestBeers() {
    return browser.findElements(By.cssSelector("#latest-beers li")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /**
   * Each chart row, as the page lays it out: the name, the bar and the share side by side, none
   * over another, inside the chart, the text at a readable size and not cut. Empty when all is
   * well; else what is wrong.
   */
  @SuppressWarnings("unchecked")
  private List<String> chartLayoutProblems() {
    return (List<String>)
        js().executeScript(
                """
            const chart = document.querySelector('#tap-chart').getBoundingClientRect();
            const problems = [];
            for (const row of document.querySelectorAll('#tap-chart li')) {
              const name = row.querySelector('.tap-name');
              const [n, b, s] = ['.tap-name', '.tap-bar', '.tap-share']
                .map((c) => row.querySelector(c).getBoundingClientRect());
              const tap = row.dataset.tap;
              if (!(n.right <= b.left)) problems.push(`tap ${tap}: name over bar`);
              if (!(b.right <= s.left)) problems.push(`tap ${tap}: bar over share`);
              if (!(s.right <= chart.right && n.left >= chart.left))
                problems.push(`tap ${tap}: outside the chart`);
              if (name.scrollWidth > name.clientWidth) problems.push(`tap ${tap}: name cut`);
              if (b.width < 1) problems.push(`tap ${tap}: no bar`);
              for (const text of [name, row.querySelector('.tap-share')]) {
                if (parseFloat(getComputedStyle(text).fontSize) < 12)
                  problems.push(`tap ${tap}: text under 12 px`);
              }
            }
            return problems;
            """);
  }

  private long horizontalOverflow() {
    return ((Number)
            js().executeScript("return document.documentElement.scrollWidth - window.innerWidth;"))
        .longValue();
  }

  @Test
  void theTapsViewShowsTheNewestBeersFirstAndEachTapsShareLive() throws Exception {
    for (int i = 0; i < 12; i++) {
      postBeer(1);
    }
    open("taps");
    // The newest beers, newest first, from the first paint: not the oldest ten.
    wait.until(d -> latestBeers().size() == 10);
    assertTrue(latestBeers().get(0).startsWith("#11: tap 1"), latestBeers().toString());
    assertTrue(latestBeers().get(9).startsWith("#2: tap 1"), latestBeers().toString());
    wait.until(ExpectedConditions.textToBe(By.id("taps-total"), "12 beers from 1 taps"));
    assertEquals("100%", browser.findElement(By.cssSelector("#tap-chart .tap-share")).getText());
    assertEquals(List.of(), chartLayoutProblems(), "a full bar at 1280 px");

    // Beers from other clients show up live; the 20th brings new statistics.
    for (int i = 12; i < 20; i++) {
      postBeer(i < 16 ? 2 : 3);
    }
    wait.until(ExpectedConditions.textToBe(By.id("taps-total"), "20 beers from 3 taps"));
    wait.until(d -> latestBeers().get(0).startsWith("#19: tap 3"));
    assertEquals(10, latestBeers().size());
    assertTrue(latestBeers().get(9).startsWith("#10: tap 1"), latestBeers().toString());
    List<WebElement> rows = browser.findElements(By.cssSelector("#tap-chart li"));
    assertEquals(
        List.of("1", "2", "3"), rows.stream().map(row -> row.getAttribute("data-tap")).toList());
    assertEquals(
        List.of("Tap 1", "60%", "Tap 2", "20%", "Tap 3", "20%"),
        rows.stream()
            .flatMap(
                row ->
                    java.util.stream.Stream.of(
                        row.findElement(By.className("tap-name")).getText(),
                        row.findElement(By.className("tap-share")).getText()))
            .toList());
    viewport(1280, 900);
    assertEquals(List.of(), chartLayoutProblems(), "at 1280 px");
    screenshot("taps");

    // A deletion elsewhere: the next older beer takes its place.
    assertEquals(204, http.send("DELETE", "/api/beers/19", null).statusCode());
    wait.until(d -> latestBeers().get(0).startsWith("#18: tap 3"));
    wait.until(d -> latestBeers().size() == 10 && latestBeers().get(9).startsWith("#9: tap 1"));

    viewport(320, 900);
    assertEquals(List.of(), chartLayoutProblems(), "at 320 px");
    assertTrue(horizontalOverflow() <= 0, "no sideways scrolling at 320 px");
    screenshot("taps-320");
    assertSameDocument();
  }

  private WebElement jobRow(String id) {
    return wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#jobs-table tr[data-id='" + id + "']")));
  }

  private void awaitJobRowStatus(String id, String status) {
    wait.until(
        d -> {
          WebElement row = jobRow(id);
          return status.equals(row.getAttribute("data-status"))
              && row.findElement(By.cssSelector("td.status .badge")).getText().equals(status);
        });
  }

  private String newestJobId() {
    return http.getJson("/jobs?limit=1").getJsonArray("jobs").getJsonObject(0).getString("id");
  }

  private String submitJobByApi(String json) {
    HttpResponse<String> response = http.send("POST", "/jobs", json);
    assertEquals(202, response.statusCode(), response.body());
    return new JsonObject(response.body()).getString("id");
  }

  private void awaitCount(String status, int count) {
    wait.until(ExpectedConditions.textToBe(By.id("count-" + status), String.valueOf(count)));
  }

  @Test
  void theJobsViewFollowsTheQueueLiveAndSubmitsCancelsAndDownloads() throws Exception {
    open("jobs");
    for (String status : List.of("queued", "running", "succeeded", "failed", "cancelled")) {
      awaitCount(status, 0);
    }
    // The scheduled jobs, with their next due time and last run (beer-stats is off here).
    wait.until(
        d ->
            d.findElements(By.cssSelector("#schedule-table tbody tr")).stream()
                .map(row -> row.getAttribute("data-name"))
                .toList()
                .equals(List.of("heartbeat", "purge-completed-tasks")));
    WebElement purge =
        browser.findElement(
            By.cssSelector("#schedule-table tr[data-name='purge-completed-tasks']"));
    assertEquals("daily at 03:30", purge.findElement(By.className("when")).getText());
    assertEquals("not yet", purge.findElement(By.className("last-run")).getText());
    String nextDue =
        http.getJson("/jobs/scheduled").getJsonArray("jobs").getJsonObject(1).getString("next_due");
    assertEquals(
        nextDue, purge.findElement(By.cssSelector(".next-due time")).getAttribute("datetime"));
    assertTrue(
        purge.findElement(By.className("next-due")).getText().contains("(in "), purge.getText());

    // Submit through the form, with the keyboard: Enter in the payload box.
    WebElement form = browser.findElement(By.id("job-form"));
    new Select(browser.findElement(By.id("job-type"))).selectByValue("demo.sleep");
    WebElement payload = browser.findElement(By.id("job-payload"));
    payload.clear();
    payload.sendKeys("{\"ms\":300}", Keys.ENTER);
    wait.until(d -> !d.findElement(By.id("job-submitted")).getText().isEmpty());
    String slept = newestJobId();
    awaitJobRowStatus(slept, "succeeded");
    awaitCount("succeeded", 1);
    WebElement sleptRow = jobRow(slept);
    assertEquals(
        "demo.sleep", sleptRow.findElement(By.cssSelector("td.type")).getText().split(" ")[0]);
    assertEquals("1/3", sleptRow.findElement(By.className("attempts")).getText());
    for (String time : List.of("created", "started", "ended")) {
      assertFalse(
          sleptRow
              .findElement(By.cssSelector("td." + time + " time"))
              .getAttribute("datetime")
              .isEmpty(),
          time);
    }

    // The API's refusal is shown.
    payload.clear();
    payload.sendKeys("{\"ms\":-1}", Keys.ENTER);
    WebElement error =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("jobs-error")));
    assertEquals("payload.ms must be a whole number from 0 to 600000", error.getText());

    // An export, picked by type: its example payload fills in, and its file downloads.
    new Select(browser.findElement(By.id("job-type"))).selectByValue("export.books");
    assertEquals("{\"format\":\"csv\"}", payload.getAttribute("value"));
    form.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("jobs-error")));
    String export = newestJobId();
    awaitJobRowStatus(export, "succeeded");
    WebElement download = jobRow(export).findElement(By.cssSelector("a.download"));
    String href = download.getAttribute("href");
    assertEquals("http://127.0.0.1:" + port + "/jobs/" + export + "/result", href);
    HttpResponse<String> file = http.get("/jobs/" + export + "/result");
    assertEquals(200, file.statusCode());
    assertTrue(
        file.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment"));
    assertTrue(file.body().startsWith("id,title,author"), file.body());

    // Jobs submitted elsewhere show up live: two long ones keep both workers busy, so a third
    // waits in the queue, and is cancelled from the page.
    String first = submitJobByApi("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":4000}}");
    String second = submitJobByApi("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":4000}}");
    String waiting = submitJobByApi("{\"type\":\"demo.sleep\",\"payload\":{\"ms\":10}}");
    awaitJobRowStatus(first, "running");
    awaitJobRowStatus(second, "running");
    awaitCount("running", 2);
    awaitJobRowStatus(waiting, "queued");
    awaitCount("queued", 1);
    viewport(1280, 900);
    screenshot("jobs");
    jobRow(waiting).findElement(By.cssSelector("button.cancel")).click();
    awaitJobRowStatus(waiting, "cancelled");
    awaitCount("cancelled", 1);
    assertEquals(
        "cancelled", http.getJson("/jobs/" + waiting).getJsonObject("job").getString("status"));
    assertTrue(jobRow(waiting).findElements(By.cssSelector("button.cancel")).isEmpty());

    awaitJobRowStatus(first, "succeeded");
    awaitJobRowStatus(second, "succeeded");
    awaitCount("succeeded", 4);
    awaitCount("running", 0);
    awaitCount("queued", 0);
    assertSameDocument();
  }

  private WebElement taskRow(String title) {
    return wait.until(
        d ->
            d.findElements(By.cssSelector("#tasks-table tbody tr")).stream()
                .filter(
                    row ->
                        row.findElement(By.cssSelector("td.title"))
                            .getText()
                            .split("\n")[0]
                            .equals(title))
                .findFirst()
                .orElse(null));
  }

  private List<String> taskTitles() {
    return browser.findElements(By.cssSelector("#tasks-table tbody td.title")).stream()
        .map(cell -> cell.getText().split("\n")[0])
        .toList();
  }

  private JsonObject taskById(String id) {
    return http.getJson("/tasks/" + id);
  }

  @Test
  void theTasksViewAddsCompletesEditsFiltersAndDeletesLive() throws Exception {
    String seeded = http.createTask("{\"title\":\"Seeded task\",\"priority\":\"low\"}");
    open("tasks");
    taskRow("Seeded task");

    // Add with the keyboard: Enter in the title field submits.
    WebElement form = browser.findElement(By.id("task-form"));
    fill(form, "description", "by Friday");
    new Select(form.findElement(By.name("priority"))).selectByValue("urgent");
    js().executeScript("arguments[0].value = '2027-01-15';", form.findElement(By.name("due")));
    fill(form, "title", "Write the report");
    form.findElement(By.name("title")).sendKeys(Keys.ENTER);
    WebElement added = taskRow("Write the report");
    String id = added.getAttribute("data-id");
    long due =
        java.time.LocalDate.of(2027, 1, 15)
            .atStartOfDay(java.time.ZoneId.systemDefault())
            .toEpochSecond();
    assertEquals(
        new JsonObject()
            .put("title", "Write the report")
            .put("description", "by Friday")
            .put("priority", "urgent")
            .put("due_date", due)
            .put("completed", false),
        taskById(id));
    assertEquals(List.of("Write the report", "Seeded task"), taskTitles(), "urgent first");
    assertEquals("2027-01-15", added.findElement(By.className("due")).getText());

    // Complete it with the keyboard: Space on its checkbox.
    taskRow("Write the report")
        .findElement(By.cssSelector("input.toggle-completed"))
        .sendKeys(Keys.SPACE);
    wait.until(d -> taskById(id).getBoolean("completed"));
    wait.until(d -> taskRow("Write the report").getAttribute("class").contains("completed"));
    assertEquals(List.of("Seeded task", "Write the report"), taskTitles(), "open tasks first");

    // Edit it in the dialog: the fields it does not change stay.
    taskRow("Write the report").findElement(By.cssSelector("button.edit")).click();
    WebElement dialog =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("task-edit-dialog")));
    fill(dialog, "title", "Write the final report");
    dialog.findElement(By.id("task-edit-save")).click();
    taskRow("Write the final report");
    assertEquals(
        new JsonObject()
            .put("title", "Write the final report")
            .put("description", "by Friday")
            .put("priority", "urgent")
            .put("due_date", due)
            .put("completed", true),
        taskById(id));

    // Filter by priority.
    Select filter = new Select(browser.findElement(By.id("task-priority-filter")));
    filter.selectByValue("low");
    wait.until(d -> taskTitles().equals(List.of("Seeded task")));
    filter.selectByValue("urgent");
    wait.until(d -> taskTitles().equals(List.of("Write the final report")));
    filter.selectByValue("");
    wait.until(d -> taskTitles().size() == 2);

    // The API's refusal is shown.
    fill(form, "title", "x".repeat(1025));
    form.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement error =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tasks-error")));
    assertTrue(error.getText().contains("title"), error.getText());
    form.findElement(By.name("title")).clear();

    // Changes made elsewhere show up without a reload.
    String elsewhere = http.createTask("{\"title\":\"From another client\",\"priority\":\"high\"}");
    taskRow("From another client");
    assertEquals(
        204,
        http.send("PUT", "/tasks/" + seeded, "{\"title\":\"Seeded task, renamed\"}").statusCode());
    taskRow("Seeded task, renamed");
    assertEquals(204, http.send("DELETE", "/tasks/" + elsewhere, null).statusCode());
    wait.until(d -> !taskTitles().contains("From another client"));
    viewport(1280, 900);
    screenshot("tasks");

    // Delete with confirmation.
    taskRow("Write the final report").findElement(By.cssSelector("button.delete")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(d -> !taskTitles().contains("Write the final report"));
    assertEquals(404, http.get("/tasks/" + id).statusCode());
    assertSameDocument();
  }

  @Test
  void thePageFitsAPhoneAndEveryControlHasALabel() throws Exception {
    browser.manage().window().setSize(new Dimension(375, 800));
    browser.get("http://127.0.0.1:" + port + "/");
    wait.until(d -> titles().size() == 10);
    for (String view : List.of("books", "taps", "jobs", "tasks")) {
      browser.get("http://127.0.0.1:" + port + "/#" + view);
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(view + "-view")));
      wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
      assertTrue(horizontalOverflow() <= 0, "no sideways scrolling at 375 px on " + view);
    }
    Number unlabelled =
        (Number)
            js().executeScript(
                    "return [...document.querySelectorAll("
                        + "'input:not([type=hidden]), button, select, textarea, a')]"
                        + ".filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')"
                        + " && !c.textContent.trim()).length;");
    assertEquals(0, unlabelled.intValue(), "controls without an accessible name");
    screenshot("phone");
  }
}
