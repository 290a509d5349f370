package org.callhome.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.callhome.device.callhome.DialerListener;
import org.callhome.nms.config.NmsSettings.DeviceCertificates;
import org.callhome.shared.config.DeviceSshSettings.Role;
import org.callhome.shared.ssh.SshKeygen;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.ssh.cert.CertificateAuthorities;
import org.callhome.shared.ssh.cert.RevokedKeysFile;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by Selenium through
 * chromedriver) against a real NMS and real devices of both strategies on loopback: an operator
 * watches devices connect, approves an unknown one and sees it connect, reads its running
 * configuration on its page, revokes it and sees it drop, all without reloading the page. Opened
 * again, the page says it is loading until the API answers, then shows what happened before it
 * was opened; a device's page says who its session runs as and whose each key is; when the API
 * fails, the page says so where the data would be. The list and a device's page say how each
 * device was identified (a pinned key, or an OpenSSH certificate and what it said) and why it was
 * last refused. Slow and failing APIs are made with Chromium's
 * network emulation (DevTools protocol). Screenshots go to {@code target/dashboard-*.png}.
 */
class DashboardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void anOperatorWatchesApprovesReadsAndRevokesDevicesFromTheDashboardAlone() throws Exception {
        StockPrograms.require(StockPrograms.CHROMIUM, "chromium");
        StockPrograms.require(StockPrograms.CHROMEDRIVER, "chromium-driver");
        try (CallHomeLab lab = new CallHomeLab(dir)) {
            // devices may also be identified by certificates of a CA, and --revoked-keys is followed
            CertLab certs = new CertLab(dir);
            Path revokedKeys = Files.writeString(dir.resolve("revoked-keys"), "# nothing revoked yet\n");
            lab.deviceCertificates = new DeviceCertificates(
                    Optional.of(CertificateAuthorities.load(certs.publicKey("device-ca"))), Optional.empty(),
                    Optional.of(RevokedKeysFile.open(revokedKeys)), Duration.ofSeconds(1));
            lab.startNms(Map.of("dev-rs", lab.hostKey("dev-rs")), 0, "nms",
                    Map.of("dev-dc", lab.identityOf(CallHomeStrategy.DEVICE_SSH_CLIENT, "dev-dc")), 0);
            ChromeDriver browser = chrome();
            try {
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                browser.get("http://127.0.0.1:" + lab.nms.httpPort() + "/");
                wait.until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-state", "live"));
                // set once: if the page reloaded, the marker would be gone
                ((JavascriptExecutor) browser).executeScript("window.__sameDocument = true;");
                awaitRow(wait, "dev-rs", "disconnected");
                awaitRow(wait, "dev-dc", "disconnected");

                // devices of both strategies connect, and the table follows the event stream
                lab.startDevice(CallHomeStrategy.REVERSE_SSH, "dev-rs", Role.ADMIN, new DialerListener() { });
                lab.startDevice(CallHomeStrategy.DEVICE_SSH_CLIENT, "dev-dc", Role.ADMIN, new DialerListener() { });
                awaitRow(wait, "dev-rs", "connected");
                awaitRow(wait, "dev-dc", "connected");
                wait.until(ExpectedConditions.textToBe(metric("reverse-ssh", "Connected"), "1"));
                wait.until(ExpectedConditions.textToBe(metric("device-ssh-client", "Connected"), "1"));
                assertTrue(browser.findElement(metric("device-ssh-client", "Handshake p50")).getText().endsWith(" ms"));

                // an unknown device shows up rejected, with its fingerprint; the operator approves it
                String fingerprint = SshKeys.fingerprint(lab.hostKey("dev-new").getPublic());
                lab.startDevice(CallHomeStrategy.REVERSE_SSH, "dev-new", Role.ADMIN, new DialerListener() { });
                awaitRow(wait, fingerprint, "rejected");
                act(wait, () -> {
                    WebElement rejected = browser.findElement(By.cssSelector(rowOf(fingerprint)));
                    assertEquals(fingerprint, rejected.findElement(By.cssSelector("td.fingerprint")).getText());
                    assertEquals("unknown host key", rejected.findElement(By.cssSelector("td.error")).getText());
                });
                // the row is redrawn at each of the device's attempts: find what to use again right before using it
                act(wait, () -> browser.findElement(By.cssSelector(rowOf(fingerprint) + " input.approve-id"))
                        .sendKeys("dev-new"));
                act(wait, () -> browser.findElement(By.cssSelector(rowOf(fingerprint) + " button.approve")).click());
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
                        "The trust applies from the device's next call"));
                awaitRow(wait, "dev-new", "connected");
                wait.until(ExpectedConditions.numberOfElementsToBe(row(fingerprint), 0));
                screenshot(browser, "overview");

                // its page: capabilities and the running configuration, edited through the API first
                assertEquals(200, lab.post("/api/devices/dev-new/rpc", "<edit-config xmlns=\""
                        + "urn:ietf:params:xml:ns:netconf:base:1.0\"><target><running/></target><config>"
                        + "<system xmlns=\"urn:example:system\"><hostname>edge-7</hostname></system></config>"
                        + "</edit-config>").statusCode());
                act(wait, () -> browser.findElement(By.cssSelector(rowOf("dev-new") + " a.device-link")).click());
                wait.until(ExpectedConditions.attributeToBe(By.id("device-config"), "data-state", "loaded"));
                String config = browser.findElement(By.id("device-config")).getText();
                assertTrue(config.contains("<hostname>edge-7</hostname>"), config);
                String capabilities = browser.findElement(By.id("device-capabilities")).getText();
                assertTrue(capabilities.contains("urn:ietf:params:netconf:base:1.1"), capabilities);
                // its YANG modules, asked of the device on demand
                act(wait, () -> browser.findElement(By.id("modules-load")).click());
                wait.until(ExpectedConditions.attributeToBe(By.id("device-modules"), "data-state", "loaded"));
                String modules = browser.findElement(By.id("device-modules")).getText();
                assertTrue(modules.contains("ietf-netconf-monitoring@2010-10-04")
                        && modules.contains("ietf-yang-library@2019-01-04"), modules);
                assertEquals("netconf-state", browser.findElement(By.id("device-modules")).getDomAttribute(
                        "data-source"));
                screenshot(browser, "device");

                // revoke from its page (two clicks): the session drops, the device is back to unknown
                act(wait, () -> browser.findElement(By.cssSelector("#device-actions button.revoke")).click());
                wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#device-actions button.revoke"),
                        "data-armed", "true"));
                act(wait, () -> browser.findElement(By.cssSelector("#device-actions button.revoke")).click());
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("overview")));
                wait.until(ExpectedConditions.numberOfElementsToBe(row("dev-new"), 0));
                awaitRow(wait, fingerprint, "rejected");
                assertEquals(404, lab.get("/api/devices/dev-new").statusCode());
                awaitRow(wait, "dev-rs", "connected");

                assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.__sameDocument;"),
                        "the page reloaded");
                screenshot(browser, "after-revoke");

                String home = "http://127.0.0.1:" + lab.nms.httpPort() + "/";
                reopenedShowsLoadingThenWhatHappenedBefore(browser, wait, home);
                deviceSshClientPageNamesTheBindAccountAndWhoseKeys(browser, wait, lab);
                reverseSshPageLoadsThenNamesTheNmsLogin(browser, wait, lab, home);
                aFailingApiIsSaidWhereTheDataWouldBe(browser, wait, home);
                howEachDeviceWasIdentifiedAndWhyItWasRefused(browser, wait, lab, certs, revokedKeys);
            } finally {
                browser.quit();
            }
        }
    }

    /** Opened again over a slow network: placeholders first, then the events from before it was opened. */
    private void reopenedShowsLoadingThenWhatHappenedBefore(ChromeDriver browser, WebDriverWait wait, String home)
            throws Exception {
        slowNetwork(browser, 1500);
        browser.get("about:blank");
        browser.get(home);
        // loaded page, API answers still on their way
        assertEquals("loading", browser.findElement(By.id("devices")).getDomAttribute("data-state"));
        assertEquals("Loading devices…", browser.findElement(By.cssSelector("#devices tbody tr.placeholder")).getText());
        assertEquals("Loading recent events…", browser.findElement(By.cssSelector("#events li.placeholder")).getText());
        assertEquals("loading", browser.findElement(By.id("strategies")).getDomAttribute("data-state"));
        screenshot(browser, "loading");
        slowNetwork(browser, 0);
        wait.until(ExpectedConditions.attributeToBe(By.id("events"), "data-state", "loaded"));
        // nothing of these happened since it was opened: they come from the events the NMS kept
        assertTrue(browser.findElement(By.cssSelector("#events li[data-type='approved']")).getText()
                .contains("dev-new"));
        assertTrue(browser.findElement(By.cssSelector("#events li[data-type='revoked']")).getText()
                .contains("dev-new"));
        assertTrue(browser.findElements(By.cssSelector("#events li[data-type='connected']")).stream()
                .anyMatch(event -> event.getText().contains("dev-dc")));
        awaitRow(wait, "dev-dc", "connected");

        // trusted by key, a device that has not called since waits for its next call, and the row says so
        WebElement form = browser.findElement(By.id("trust-form"));
        form.findElement(By.name("id")).sendKeys("dev-later");
        form.findElement(By.name("publicKey")).sendKeys(SshKeys.toOpenSsh(SshKeys.generateEd25519().getPublic()));
        form.findElement(By.cssSelector("button[type='submit']")).click();
        act(wait, () -> assertEquals("approved: waiting for its next call",
                awaitRow(wait, "dev-later", "disconnected").findElement(By.cssSelector("td.error")).getText()));
        screenshot(browser, "reopened");
    }

    private void deviceSshClientPageNamesTheBindAccountAndWhoseKeys(ChromeDriver browser, WebDriverWait wait,
                                                                      CallHomeLab lab) throws Exception {
        act(wait, () -> browser.findElement(By.cssSelector(rowOf("dev-dc") + " a.device-link")).click());
        wait.until(ExpectedConditions.attributeToBe(By.id("device-account"), "data-reported-by", "device-hello"));
        String loginKey = SshKeys.fingerprint(lab.identityOf(CallHomeStrategy.DEVICE_SSH_CLIENT, "dev-dc").getPublic());
        // the page redraws on each event of the device: read it on freshly found elements
        act(wait, () -> {
            assertEquals("netconf — the device's bind account (bind-account), as the device reported in its NETCONF"
                    + " hello", browser.findElement(By.id("device-account")).getText());
            assertEquals("device login key — dev-dc's, checked by this NMS (pinned-user-key): " + loginKey,
                    browser.findElement(By.cssSelector("#device-keys li[data-role='device-login-key']")).getText());
            assertEquals("NMS host key — this NMS's, checked by dev-dc (pinned-host-key, as the device reported in its "
                    + "hello): " + SshKeys.fingerprint(lab.nmsHostKey.getPublic()),
                    browser.findElement(By.cssSelector("#device-keys li[data-role='nms-host-key']")).getText());
        });
        screenshot(browser, "device-ssh-client");
    }

    /** A device's page opened directly over a slow network: it says it is loading, then who is who. */
    private void reverseSshPageLoadsThenNamesTheNmsLogin(ChromeDriver browser, WebDriverWait wait, CallHomeLab lab,
                                                         String home) throws Exception {
        slowNetwork(browser, 1500);
        browser.get("about:blank");
        browser.get(home + "#/device/dev-rs");
        assertEquals("loading", browser.findElement(By.id("device-status")).getDomAttribute("data-state"));
        assertEquals("Loading the device…", browser.findElement(By.id("device-status")).getText());
        slowNetwork(browser, 0);
        wait.until(ExpectedConditions.attributeToBe(By.id("device-account"), "data-reported-by", "nms"));
        String hostKey = SshKeys.fingerprint(lab.hostKey("dev-rs").getPublic());
        // the page redraws on each event of the device: read it on freshly found elements
        act(wait, () -> {
            assertEquals("nms — the SSH username this NMS logged in as (ssh-userauth)",
                    browser.findElement(By.id("device-account")).getText());
            assertEquals("device host key — dev-rs's, checked by this NMS (pinned-host-key): " + hostKey,
                    browser.findElement(By.cssSelector("#device-keys li[data-role='device-host-key']")).getText());
            assertEquals("NMS user key — this NMS's, checked by dev-rs (pinned-user-key, as the device reported in"
                    + " its hello): " + SshKeys.fingerprint(lab.nmsIdentity.getPublic()),
                    browser.findElement(By.cssSelector("#device-keys li[data-role='nms-user-key']")).getText());
        });
        screenshot(browser, "reverse-ssh");
    }

    /** With the API unreachable the placeholders give the reason; once it answers again, the data comes. */
    private void aFailingApiIsSaidWhereTheDataWouldBe(ChromeDriver browser, WebDriverWait wait, String home)
            throws Exception {
        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/api/*")));
        browser.get("about:blank");
        browser.get(home);
        wait.until(ExpectedConditions.attributeToBe(By.id("devices"), "data-state", "error"));
        assertTrue(browser.findElement(By.cssSelector("#devices tbody tr.placeholder")).getText()
                .startsWith("Cannot load from the API: "));
        assertTrue(browser.findElement(By.cssSelector("#events li.placeholder")).getText()
                .startsWith("Cannot load from the API: "));
        screenshot(browser, "api-error");
        browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        wait.until(ExpectedConditions.attributeToBe(By.id("events"), "data-state", "loaded"));
        awaitRow(wait, "dev-dc", "connected");
    }

    /**
     * The list and a device's page say how each device was identified (a pinned key, or a
     * certificate: its principal, CA, serial, key id and validity, and that only the CA vouched for
     * it) and why a device was last refused: a certificate of another CA, and a certified device
     * whose key the revocation list then names, dropped and refused from then on.
     */
    private void howEachDeviceWasIdentifiedAndWhyItWasRefused(ChromeDriver browser, WebDriverWait wait,
                                                              CallHomeLab lab, CertLab certs, Path revokedKeys)
            throws Exception {
        act(wait, () -> assertEquals("pinned key", browser.findElement(By.cssSelector(rowOf("dev-rs")
                + " td.identity .identity-kind")).getText()));
        Path certificate = certs.certify(CallHomeStrategy.REVERSE_SSH, "device-ca", "dev-cert_key", "dev-cert", 7);
        lab.startCertifiedDevice(CallHomeStrategy.REVERSE_SSH, "dev-cert", certs.key("dev-cert_key"), certificate);
        awaitRow(wait, "dev-cert", "connected");
        act(wait, () -> {
            String cell = rowOf("dev-cert") + " td.identity ";
            assertEquals("OpenSSH certificate", browser.findElement(By.cssSelector(cell + ".identity-kind")).getText());
            assertEquals("principal dev-cert, serial 7",
                    browser.findElement(By.cssSelector(cell + ".identity-detail")).getText());
            assertEquals("CA-vouched (not in the expected id list)",
                    browser.findElement(By.cssSelector(cell + ".ca-vouched")).getText());
            assertEquals("", browser.findElement(By.cssSelector(rowOf("dev-cert") + " td.refusal")).getText());
            // known by its certificate, not by a key to approve: it can only be revoked
            assertEquals(List.of(), browser.findElements(By.cssSelector(rowOf("dev-cert") + " button.approve")));
            assertEquals("Revoke", browser.findElement(By.cssSelector(rowOf("dev-cert") + " button.revoke")).getText());
        });

        // a certificate of a CA the NMS does not trust identifies nobody: the row says why it was refused
        String rogue = SshKeygen.fingerprint(certs.key("dev-rogue_key"));
        lab.startCertifiedDevice(CallHomeStrategy.REVERSE_SSH, "dev-rogue", certs.key("dev-rogue_key"),
                certs.certify(CallHomeStrategy.REVERSE_SSH, "other-ca", "dev-rogue_key", "dev-rogue", 1));
        awaitRow(wait, rogue, "rejected");
        act(wait, () -> {
            WebElement refusal = browser.findElement(By.cssSelector(rowOf(rogue) + " td.refusal .refusal"));
            assertEquals("unknown-ca", refusal.getText());
            assertEquals("unknown-ca: a certificate signed by a CA not in --device-ca", refusal.getDomAttribute("title"));
            assertEquals("", browser.findElement(By.cssSelector(rowOf(rogue) + " td.identity")).getText());
        });
        screenshot(browser, "identities");

        // the certified device's page: everything its certificate said
        act(wait, () -> browser.findElement(By.cssSelector(rowOf("dev-cert") + " a.device-link")).click());
        wait.until(ExpectedConditions.textToBe(field("principal"), "dev-cert"));
        // the page redraws as events come: each look is taken again on freshly found elements
        String deviceCa = SshKeygen.fingerprint(certs.key("device-ca"));
        act(wait, () -> {
            assertEquals("OpenSSH certificate", browser.findElement(field("identified-by")).getText());
            assertEquals(deviceCa, browser.findElement(field("ca")).getText());
            assertEquals("7", browser.findElement(field("serial")).getText());
            assertEquals("dev-cert-7", browser.findElement(field("key-id")).getText());
            assertTrue(browser.findElement(field("valid-after")).getText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
            assertTrue(browser.findElement(field("valid-before")).getText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
            assertEquals("CA-vouched (not in the expected id list)", browser.findElement(field("vouched-for")).getText());
            assertEquals("none since it last connected", browser.findElement(field("last-refusal")).getText());
        });
        screenshot(browser, "certified-device");

        // its key revoked: the NMS drops it and refuses it since; its page and row say so, and how it was identified
        Files.writeString(revokedKeys, Files.readString(certs.publicKey("dev-cert_key")), StandardOpenOption.APPEND);
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#device-identity dd[data-field='last-refusal'] "
                + ".refusal"), "data-refusal", "revoked"));
        act(wait, () -> {
            assertEquals("revoked: the key or certificate is revoked (--revoked-keys, or through the API)",
                    browser.findElement(field("last-refusal")).getText());
            assertEquals("dev-cert", browser.findElement(field("principal")).getText());
        });
        screenshot(browser, "refused-device");
        act(wait, () -> browser.findElement(By.cssSelector("#device-page a[href='#/']")).click());
        act(wait, () -> {
            assertEquals("revoked", browser.findElement(By.cssSelector(rowOf("dev-cert") + " td.refusal")).getText());
            assertEquals("OpenSSH certificate", browser.findElement(By.cssSelector(rowOf("dev-cert")
                    + " td.identity .identity-kind")).getText());
        });
        awaitRow(wait, "dev-cert", "rejected");
    }

    private static By field(String name) {
        return By.cssSelector("#device-identity dd[data-field='" + name + "']");
    }

    /** Every request of the page, the API's included, waits {@code millis} more (0: no delay). */
    private static void slowNetwork(ChromeDriver browser, int millis) {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", millis,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    private WebElement awaitRow(WebDriverWait wait, String key, String state) {
        return wait.withMessage("device row " + key + " in state " + state).until(ExpectedConditions
                .visibilityOfElementLocated(By.cssSelector("#devices tr[data-key='" + key + "'][data-state='" + state
                        + "']")));
    }

    /** Does {@code action} on freshly found elements, again if the page redrew them in between. */
    private static void act(WebDriverWait wait, Runnable action) {
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            action.run();
            return true;
        });
    }

    private static String rowOf(String key) {
        return "#devices tr[data-key='" + key + "']";
    }

    private static By row(String key) {
        return By.cssSelector("#devices tr[data-key='" + key + "']");
    }

    private static By metric(String strategy, String label) {
        return By.cssSelector(".card[data-strategy='" + strategy + "'] tr[data-metric='" + label + "'] td.num");
    }

    private ChromeDriver chrome() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(StockPrograms.CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1200", "--user-data-dir=" + Files.createTempDirectory(dir,
                        "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(StockPrograms.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path file = Path.of("target", "dashboard-" + name + ".png");
        Files.createDirectories(file.getParent());
        Files.move(browser.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }
}
