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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import app.repairbot.RepairbotApplication;
import app.repairbot.testing.Waiting;

/**
 * The sandbox page in real headless Chromium (Debian's chromium and chromium-driver; skipped where
 * they are not installed): two personas pair and run name-the-impact to its end by clicking and
 * typing, on a desktop (three columns) and on a phone (tabs). Screenshots go to
 * target/screenshots/, or to the folder the system property {@code sandbox.shots} names.
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

    String page;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "no Chromium here (apt-get install chromium chromium-driver)");
        app = new SpringApplicationBuilder(RepairbotApplication.class).properties("server.port=0", "repairbot.data.dir=" + data).run();
        page = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort() + "/";
    }

    /**
     * Opens the page in a browser whose viewport is this wide and high: a desktop window, or below
     * 500 px (narrower than headless Chromium's windows go) a phone's screen, emulated.
     */
    void open(int width, int height) {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--hide-scrollbars",
                "--window-size=" + Math.max(width, 500) + "," + height);
        if (width < 500) {
            options.setExperimentalOption("mobileEmulation", java.util.Map.of("deviceMetrics",
                    java.util.Map.of("width", width, "height", height, "pixelRatio", 1.0, "touch", true)));
        }
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(page);
        if (width >= 500) {
            // A headless window's height counts a frame the page does not get.
            long frame = (Long) js("return window.outerHeight - window.innerHeight");
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, height + (int) frame));
        }
        assertThat(js("return window.innerWidth")).as("the viewport's width").isEqualTo((long) width);
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

    /** Switches "Acting as" (a radio button under its visible label) to this partner. */
    void as(String name) {
        browser.findElement(By.xpath("//fieldset[@id='acting']//label[normalize-space()='" + name + "']")).click();
        assertThat(browser.findElement(By.id("as-" + (name.equals("Alex") ? 1001 : 1002))).isSelected()).isTrue();
    }

    Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    void shot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = Path.of(System.getProperty("sandbox.shots", Path.of("target", "screenshots").toString()), name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isPositive();
    }

    void type(String form, String input, String text) {
        browser.findElement(By.id(input)).sendKeys(text);
        browser.findElement(By.cssSelector("#" + form + " button")).click();
    }

    /** The newest button with this label in a chat's log (a mark of who tapped it may follow the label). */
    WebElement button(String log, String label) {
        List<WebElement> buttons = browser.findElements(By.xpath("//div[@id='" + log + "']//button[span[@class='label' and normalize-space()=\""
                + label + "\"]]"));
        assertThat(buttons).as("a button labelled " + label).isNotEmpty();
        return buttons.get(buttons.size() - 1);
    }

    /** Clicks the newest button with this label in a chat's log (the page redraws, so it looks again if needed). */
    void tap(String log, String label) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                button(log, label).click();
                return;
            } catch (StaleElementReferenceException redrawn) {
                // the page redrew the chat; find the button again
            }
        }
        throw new AssertionError("could not click " + label);
    }

    /** Waits until the newest button with this label is in this state (live, used, moved-on or closed). */
    void buttonIs(String log, String label, String state) {
        wait.until(d -> {
            try {
                WebElement b = button(log, label);
                return state.equals(b.getAttribute("data-state"))
                        && (state.equals("live") ? b.getAttribute("aria-disabled") == null : "true".equals(b.getAttribute("aria-disabled")));
            } catch (StaleElementReferenceException redrawn) {
                return false;
            }
        });
    }

    /** Nothing on the page is wider than the screen: it never scrolls sideways. */
    void noSidewaysScroll() {
        assertThat((Boolean) js("const e = document.scrollingElement; return e.scrollWidth <= e.clientWidth"))
                .as("the page scrolls sideways: %s", js("const e = document.scrollingElement; return e.scrollWidth + ' > ' + e.clientWidth"))
                .isTrue();
        assertThat((Long) js("return Math.round(document.querySelector('header').getBoundingClientRect().width)"))
                .as("the header spans the screen").isEqualTo((Long) js("return document.scrollingElement.clientWidth"));
    }

    /** The element's box: left, top, right, bottom. */
    @SuppressWarnings("unchecked")
    List<Number> box(WebElement e) {
        return (List<Number>) js("const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]", e);
    }

    boolean overlaps(WebElement a, WebElement b) {
        List<Number> x = box(a);
        List<Number> y = box(b);
        return x.get(0).doubleValue() < y.get(2).doubleValue() && y.get(0).doubleValue() < x.get(2).doubleValue()
                && x.get(1).doubleValue() < y.get(3).doubleValue() && y.get(1).doubleValue() < x.get(3).doubleValue();
    }

    /** Shows a chat on a phone by its tab, and checks only that chat shows. */
    void tab(String tab, String panel) {
        browser.findElement(By.id(tab)).click();
        assertThat(browser.findElement(By.id(tab)).getAttribute("aria-selected")).isEqualTo("true");
        for (String p : List.of("group", "chat-1001", "chat-1002")) {
            assertThat(browser.findElement(By.id(p)).isDisplayed()).as(p + " shows").isEqualTo(p.equals(panel));
        }
    }

    @Test
    void twoPersonasPairAndFinishAFlowByClickingAndTyping() throws Exception {
        open(1280, 800);
        // A desktop shows the three chats side by side, and no tabs.
        assertThat(browser.findElement(By.cssSelector(".tabs")).isDisplayed()).isFalse();
        List<WebElement> columns = browser.findElements(By.cssSelector("main > section"));
        assertThat(columns).hasSize(3).allMatch(WebElement::isDisplayed);
        assertThat(box(columns.get(0)).get(2).doubleValue()).isLessThan(box(columns.get(1)).get(0).doubleValue());
        assertThat(box(columns.get(1)).get(2).doubleValue()).isLessThan(box(columns.get(2)).get(0).doubleValue());
        assertThat(box(columns.get(0)).get(1)).isEqualTo(box(columns.get(2)).get(1));
        noSidewaysScroll();
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
        // The impact is asked privately (coach: private): Alex answers in their own chat, and the words reach the group.
        botSays("log-group", "I've asked Alex in a private chat with me");
        botSays("log-1001", "how does it land for you");
        type("form-1001", "text-1001", "When that happens I feel lonely, and I need some time with you.");
        botSays("log-1001", "I've shared your words with Sam in the group");
        botSays("log-group", "what did you hear Alex say");
        as("Sam");
        type("form-group", "text-group", "You feel lonely when our evenings go by without talking.");
        botSays("log-group", "Is that close?");
        as("Alex");
        shot("sandbox-1280-middle");
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
        assertThat(browser.findElement(By.id("log-group")).getText()).contains("Sam: Phone away after dinner.").doesNotContain("Your small step");
        noSidewaysScroll();
        shot("sandbox-1280");
    }

    @Test
    void onAPhoneTheChatsAreTabsAndWhoActsIsClear() throws Exception {
        open(390, 844);
        noSidewaysScroll();
        // Who acts in the group is a labelled pair of radio buttons.
        assertThat(browser.findElement(By.cssSelector("#acting legend")).getText()).isEqualTo("Acting as");
        assertThat(browser.findElements(By.cssSelector("#acting input[type=radio][name=as]"))).hasSize(2);
        tab("tab-1001", "chat-1001");
        tab("tab-1002", "chat-1002");
        tab("tab-group", "group");
        shot("sandbox-390-start");

        browser.findElement(By.id("add")).click();
        botSays("log-group", "each of you please tap");
        noSidewaysScroll();
        // Alex taps "I'm in": for Alex it is used now, and tapping it again sends nothing but says why.
        tap("log-group", "I'm in");
        botSays("log-group", "Now your partner taps");
        buttonIs("log-group", "I'm in", "used");
        int messages = browser.findElements(By.cssSelector("#log-group .msg")).size();
        tap("log-group", "I'm in");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast-group"), "Alex already tapped"));
        assertThat(browser.findElement(By.id("toast-group")).getText()).contains("switch Acting as to Sam");
        // The second tap sends nothing: no message comes in the next moments.
        Waiting.upTo(Duration.ofSeconds(5), Duration.ofMillis(100)).during(Duration.ofMillis(1500)).untilAsserted(() ->
                assertThat(browser.findElements(By.cssSelector("#log-group .msg"))).hasSize(messages));
        shot("sandbox-390-used");
        // Acting as Sam, the same button is Sam's to tap, and what Sam types comes from Sam.
        as("Sam");
        assertThat(browser.findElement(By.id("send-group")).getText()).isEqualTo("Send as Sam");
        buttonIs("log-group", "I'm in", "live");
        tap("log-group", "I'm in");
        botSays("log-group", "Welcome, Alex and Sam");
        // Once they are a couple, the bot takes "I'm in" off: closed, for both.
        buttonIs("log-group", "I'm in", "closed");
        as("Alex");
        buttonIs("log-group", "I'm in", "closed");
        buttonIs("log-group", "London", "live");
        type("form-group", "text-group", "/impact");
        botSays("log-group", "are you in a place to listen");
        // A newer question moved the conversation on: the time zone's buttons are over, for both.
        buttonIs("log-group", "London", "moved-on");
        assertThat(browser.findElement(By.id("log-group")).getText()).contains("Expired: the conversation has moved on.");
        as("Sam");
        buttonIs("log-group", "London", "moved-on");
        as("Alex");
        assertThat(browser.findElements(By.cssSelector("#log-group .msg.person")).get(0).getAttribute("data-from")).isEqualTo("Alex");
        // Alex taps what is Sam's to answer: the bot's answer shows in the group, over no heading.
        tap("log-group", "I'm ready");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast-group"), "That one is for Sam to answer."));
        WebElement toast = browser.findElement(By.id("toast-group"));
        for (WebElement heading : List.of(browser.findElement(By.tagName("header")), browser.findElement(By.id("h-group")),
                browser.findElement(By.id("acting")), browser.findElement(By.cssSelector(".tabs")))) {
            assertThat(overlaps(toast, heading)).as("the toast covers " + heading.getTagName()).isFalse();
        }
        shot("sandbox-390-toast");
        as("Sam");
        tap("log-group", "I'm ready");
        botSays("log-group", "asks Alex to reply");
        // The bot took the buttons off that question: they show as closed, to both.
        buttonIs("log-group", "I'm ready", "closed");
        buttonIs("log-group", "Not right now", "closed");
        as("Alex");
        buttonIs("log-group", "I'm ready", "closed");
        // A long address wraps inside its bubble.
        String url = "https://example.com/" + "a-very-long-path-segment/".repeat(8) + "?and=a&long=query";
        type("form-group", "text-group", "We talk past each other, like in " + url);
        botSays("log-group", "I've asked Alex in a private chat with me");
        WebElement bubble = browser.findElement(By.xpath("//div[@id='log-group']/div[contains(., 'a-very-long-path-segment')]"));
        assertThat((Boolean) js("return arguments[0].scrollWidth <= arguments[0].clientWidth", bubble)).as("the bubble's text fits").isTrue();
        assertThat(box(bubble).get(2).doubleValue()).isLessThanOrEqualTo(box(browser.findElement(By.id("log-group"))).get(2).doubleValue());
        noSidewaysScroll();
        shot("sandbox-390-url");
        // The impact is asked privately: Alex answers in their own tab, and the words come to the group.
        tab("tab-1001", "chat-1001");
        botSays("log-1001", "how does it land for you");
        type("form-1001", "text-1001", "When that happens I feel lonely, and I need some time with you.");
        botSays("log-1001", "I've shared your words with Sam in the group");
        tab("tab-group", "group");
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
        botSays("log-group", "Thank you, I hear you");
        tap("log-group", "Thank you, I hear you");
        as("Alex");
        botSays("log-group", "Now we're waiting for Alex");
        tap("log-group", "Thank you, I hear you");
        // The private question lands in Alex's tab, which shows that something new is there.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("badge-1001"), "1"));
        shot("sandbox-390-badge");
        tab("tab-1001", "chat-1001");
        botSays("log-1001", "one small thing");
        assertThat(browser.findElement(By.id("badge-1001")).getText()).isEmpty();
        shot("sandbox-390-alex");
        type("form-1001", "text-1001", "Ask for a walk instead of waiting.");
        tab("tab-1002", "chat-1002");
        type("form-1002", "text-1002", "Phone away after dinner.");
        tab("tab-group", "group");
        botSays("log-group", "Here is what you shared");
        noSidewaysScroll();
        shot("sandbox-390-end");

        // A reload shows no toast from before: toasts are for the moment they come.
        browser.navigate().refresh();
        botSays("log-group", "Here is what you shared");
        Waiting.upTo(Duration.ofSeconds(5), Duration.ofMillis(100)).during(Duration.ofMillis(1500)).untilAsserted(() ->
                assertThat(browser.findElements(By.cssSelector(".toast"))).allMatch(t -> t.getText().isEmpty()));
        noSidewaysScroll();
        shot("sandbox-390-reload");
    }
}
