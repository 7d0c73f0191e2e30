package app.repairbot.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import app.repairbot.RepairbotApplication;
import app.repairbot.engine.Engine;

/**
 * The studio in real headless Chromium (Debian's chromium and chromium-driver; skipped where they
 * are not installed), on a copy of the flows: a broken flow's problem is listed and opens the
 * editor at its line, a flow is drawn, the tests run, an error is marked in the margin as you type,
 * and a valid save reloads the running catalog. Screenshots go to target/screenshots/, or to the
 * folder the system property {@code studio.shots} names.
 */
class StudioPageBrowserTests {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path data;
    @TempDir
    Path flows;
    @TempDir
    Path profile;
    ConfigurableApplicationContext app;
    ChromeDriver browser;
    WebDriverWait wait;
    String base;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "no Chromium here (apt-get install chromium chromium-driver)");
        StudioTests.copyFlows(flows);
        app = new SpringApplicationBuilder(RepairbotApplication.class).properties("server.port=0", "repairbot.data.dir=" + data,
                "repairbot.flows.dir=" + flows).run();
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--hide-scrollbars",
                "--window-size=1440,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    void open(String hash) {
        browser.get(base + "/studio" + (hash == null ? "" : "#" + hash));
        wait.until(d -> Boolean.TRUE.equals(js("return !!window.studio && document.querySelectorAll('#flows > li').length > 0")));
    }

    Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    void shot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = Path.of(System.getProperty("studio.shots", Path.of("target", "screenshots").toString()), "studio-" + name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isPositive();
    }

    long cursorLine() {
        return (Long) js("return studio.editor.getCursor().line") + 1;
    }

    String editorText() {
        return (String) js("return studio.editor.getValue()");
    }

    @Test
    void aBrokenFlowsProblemIsListedAndClickingItPutsTheCursorAtItsLine() throws Exception {
        // Broken on disk after the start (the app itself would not start with it): line 9, under steps:.
        Path file = flows.resolve("stop-the-story.yaml");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        int steps = lines.indexOf("steps:");
        lines.add(steps + 1, "  oops: [unclosed");
        Files.write(file, lines);
        open("after-a-tense-moment.yaml");
        WebElement problem = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("li[data-file='stop-the-story.yaml'] .problem")));
        assertThat(problem.getText()).startsWith("stop-the-story.yaml:").contains("YAML syntax");
        js("arguments[0].scrollIntoView({block: 'center'})", problem);
        int line = Integer.parseInt(problem.findElement(By.className("where")).getAttribute("textContent").split(":")[1]);
        assertThat(line).isGreaterThan(steps);
        problem.click();
        wait.until(d -> "stop-the-story.yaml".equals(d.findElement(By.id("h-editor")).getText()));
        wait.until(d -> cursorLine() == line);
        assertThat((Boolean) js("return studio.editor.hasFocus()")).isTrue();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".CodeMirror-lint-marker-error")));
        assertThat(browser.findElement(By.id("status")).getText()).contains("error");
        shot("broken-flow");
    }

    @Test
    void drawsTheFlowAndRunsTheTests() throws Exception {
        Path file = flows.resolve("name-the-impact.yaml");
        Files.writeString(file, Files.readString(file).replace("are you in a place to listen", "can you listen"));
        open("name-the-impact.yaml");
        WebElement svg = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#graph svg")));
        assertThat(svg.getText()).contains("ready-check");
        browser.findElement(By.id("run-tests")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tests li.pass")));
        WebElement failed = browser.findElement(By.cssSelector("#tests li.fail"));
        assertThat(failed.getText()).contains("FAIL", "step ", "are you in a place to listen", "can you listen");
        assertThat(browser.findElement(By.id("tests-summary")).getText()).matches(".*\\d+ passed, [1-9]\\d* failed");
        js("document.querySelector('#tests li.fail').scrollIntoView()");
        shot("graph-and-tests");
        // A narrow window: one column that scrolls, the editor and the picture still there.
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(800, 1000));
        wait.until(d -> (Long) js("return window.innerWidth") <= 800);
        assertThat(browser.findElement(By.cssSelector("#graph svg")).isDisplayed()).isTrue();
        js("window.scrollTo(0, document.getElementById('editor-box').getBoundingClientRect().top + window.scrollY - 80)");
        shot("narrow");
    }

    @Test
    void anErrorTypedIsMarkedInTheMarginAndAValidSaveReloadsTheCatalog() throws Exception {
        open("name-the-impact.yaml");
        wait.until(d -> editorText().startsWith("id: name-the-impact"));
        String saved = editorText();
        js("studio.editor.setValue(arguments[0])", saved.replace("next: ready-check", "next: ready-chek"));
        WebElement marker = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".CodeMirror-lint-marker-error")));
        assertThat(marker.isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("status")).getText()).contains("1 error");
        shot("error-in-margin");
        browser.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Not saved"));
        assertThat(Files.readString(flows.resolve("name-the-impact.yaml"))).isEqualTo(saved);

        js("studio.editor.setValue(arguments[0])", saved.replace("title: Name the impact", "title: Name the impact together"));
        wait.until(d -> d.findElements(By.cssSelector(".CodeMirror-lint-marker-error")).isEmpty()
                && d.findElement(By.id("status")).getText().startsWith("Valid"));
        browser.findElement(By.id("save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Saved"));
        assertThat(Files.readString(flows.resolve("name-the-impact.yaml"))).contains("title: Name the impact together");
        assertThat(app.getBean(Engine.class).flows().find("name-the-impact").orElseThrow().title()).isEqualTo("Name the impact together");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("li[data-file='name-the-impact.yaml'] .title"),
                "Name the impact together"));
        shot("saved");
    }

    @Test
    void tryItOpensTheSandboxChatAndStartsTheFlowThere() throws Exception {
        open("name-the-impact.yaml");
        String studio = browser.getWindowHandle();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("try"))).click();
        wait.until(d -> d.getWindowHandles().size() == 2);
        browser.switchTo().window(browser.getWindowHandles().stream().filter(h -> !h.equals(studio)).findFirst().orElseThrow());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-group"), "/repair name-the-impact"));
        // Both partners joined (the sandbox was fresh), and the flow's first step is in the group.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-group"), "you'd like to talk about a pattern"));
        assertThat(browser.getCurrentUrl()).as("the address loses ?try, so a reload does not resend it").doesNotContain("try=");
        shot("try-it");
    }
}
