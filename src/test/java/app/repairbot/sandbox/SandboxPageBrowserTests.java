package app.repairbot.sandbox;

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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import app.repairbot.RepairbotApplication;

/**
 * The sandbox page in real headless Chromium (Debian's chromium and chromium-driver; skipped where
 * they are not installed): two personas pair and run name-the-impact to its end by clicking and
 * typing. A screenshot of the end goes to target/screenshots/.
 */
class SandboxPageBrowserTests {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path data;
    @TempDir
    Path profile;
    ConfigurableApplicationContext app;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "no Chromium here (apt-get install chromium chromium-driver)");
        app = new SpringApplicationBuilder(RepairbotApplication.class).properties("server.port=0", "repairbot.data.dir=" + data).run();
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get("http://127.0.0.1:" + port + "/");
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

    void botSays(String log, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id(log), text));
    }

    void as(String name) {
        new Select(browser.findElement(By.id("as"))).selectByVisibleText(name);
    }

    void type(String form, String input, String text) {
        browser.findElement(By.id(input)).sendKeys(text);
        browser.findElement(By.cssSelector("#" + form + " button")).click();
    }

    /** Clicks the newest button with this label in a chat's log (the page redraws, so it looks again if needed). */
    void tap(String log, String label) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                List<WebElement> buttons = browser.findElements(By.xpath("//div[@id='" + log + "']//button[normalize-space()=\"" + label + "\"]"));
                assertThat(buttons).as("a button labelled " + label).isNotEmpty();
                buttons.get(buttons.size() - 1).click();
                return;
            } catch (StaleElementReferenceException redrawn) {
                // the page redrew the chat; find the button again
            }
        }
        throw new AssertionError("could not click " + label);
    }

    @Test
    void twoPersonasPairAndFinishAFlowByClickingAndTyping() throws Exception {
        browser.findElement(By.id("add")).click();
        botSays("log-group", "each of you please tap");
        tap("log-group", "I'm in");
        botSays("log-group", "Now your partner taps");
        as("Sam");
        tap("log-group", "I'm in");
        botSays("log-group", "Welcome, Alex and Sam");
        as("Alex");
        type("form-group", "text-group", "/impact");
        botSays("log-group", "are you in a place to listen");
        as("Sam");
        tap("log-group", "I'm ready");
        botSays("log-group", "asks Alex to reply");
        as("Alex");
        type("form-group", "text-group", "When I come home late we don't talk all evening.");
        botSays("log-group", "how does it land for you");
        type("form-group", "text-group", "When that happens I feel lonely, and I need some time with you.");
        botSays("log-group", "what did you hear Alex say");
        as("Sam");
        type("form-group", "text-group", "You feel lonely when our evenings go by without talking.");
        botSays("log-group", "Is that close?");
        as("Alex");
        tap("log-group", "Yes, that's it");
        botSays("log-group", "one part of this pattern");
        type("form-group", "text-group", "I go quiet instead of asking for time together.");
        botSays("log-group", "Now we're waiting for Sam");
        as("Sam");
        type("form-group", "text-group", "I reach for my phone when I'm tired.");
        botSays("log-group", "a word back to the other");
        tap("log-group", "Thank you, I hear you");
        as("Alex");
        botSays("log-group", "Now we're waiting for Alex");
        tap("log-group", "Thank you, I hear you");
        botSays("log-1001", "one small thing");
        type("form-1001", "text-1001", "Ask for a walk instead of waiting.");
        type("form-1002", "text-1002", "Phone away after dinner.");
        botSays("log-group", "Here is what you shared");
        assertThat(browser.findElement(By.id("log-group")).getText()).contains("Your small step (Sam): Phone away after dinner.");
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "screenshots", "sandbox-flow.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isPositive();
    }
}
