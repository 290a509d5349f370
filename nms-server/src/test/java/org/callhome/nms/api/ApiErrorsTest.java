package org.callhome.nms.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.ext.web.handler.HttpException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.callhome.nms.api.ApiErrors.Answer;
import org.callhome.nms.trust.TrustConflictException;
import org.callhome.nms.trust.TrustStore;
import org.callhome.shared.netconf.message.ErrorTag;
import org.callhome.shared.netconf.message.ErrorType;
import org.callhome.shared.netconf.message.NetconfException;
import org.callhome.shared.netconf.session.RpcTimeoutException;
import org.callhome.shared.netconf.session.SessionClosedException;
import org.callhome.shared.ssh.SshKeys;
import org.callhome.shared.strategy.CallHomeStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's one table from failure to answer, for the failures a test over HTTP cannot easily
 * cause (a device that times out or hangs up, a NETCONF error-tag) and the ones it must not leak.
 */
class ApiErrorsTest {

    private static final int MAX_BODY_BYTES = 1000;

    private final ApiErrors errors = new ApiErrors(MAX_BODY_BYTES);

    @Test
    void aRefusalIsAnsweredWithItsOwnStatusAndMessage() {
        assertEquals(new Answer(400, "'id' must be a string"),
                errors.answer(ApiException.badRequest("'id' must be a string"), 500, null));
        assertEquals(new Answer(401, "the bearer token is not valid"),
                errors.answer(ApiException.unauthorized("the bearer token is not valid"), 500, null));
        assertEquals(new Answer(404, "no device with id 'x'"),
                errors.answer(ApiException.notFound("no device with id 'x'"), 500, "x"));
        assertEquals(new Answer(409, "device 'x' is not connected"),
                errors.answer(ApiException.conflict("device 'x' is not connected"), 500, "x"));
        assertEquals(new Answer(503, "too many event streams open (64)"),
                errors.answer(ApiException.unavailable("too many event streams open (64)"), 500, null));
    }

    @Test
    void aTrustConflictIs409(@TempDir Path dir) throws Exception {
        TrustStore store = TrustStore.open(dir, Map.of(), Clock.systemUTC());
        store.approve("dev-1", CallHomeStrategy.REVERSE_SSH, SshKeys.generateEd25519().getPublic(), null, null);
        TrustConflictException conflict = assertThrows(TrustConflictException.class, () -> store.approve("dev-1",
                CallHomeStrategy.REVERSE_SSH, SshKeys.generateEd25519().getPublic(), null, null));
        assertEquals(new Answer(409, conflict.getMessage()), errors.answer(conflict, 500, null));
    }

    @Test
    void aDeviceThatDoesNotAnswerIs504AndOneThatHangsUpIs409() {
        assertEquals(new Answer(504, "no rpc-reply to message-id 7 within 250 ms"),
                errors.answer(new RpcTimeoutException("7", Duration.ofMillis(250)), 500, "dev-1"));
        assertEquals(new Answer(409, "device 'dev-1' disconnected: NETCONF session closed: peer closed"),
                errors.answer(new SessionClosedException("peer closed"), 500, "dev-1"));
    }

    @Test
    void aNetconfErrorIsAnsweredWithTheStatusOfItsTag() {
        Map<ErrorTag, Integer> statuses = Map.of(ErrorTag.ACCESS_DENIED, 403, ErrorTag.DATA_MISSING, 404,
                ErrorTag.IN_USE, 409, ErrorTag.LOCK_DENIED, 409, ErrorTag.TOO_BIG, 413,
                ErrorTag.OPERATION_NOT_SUPPORTED, 501, ErrorTag.INVALID_VALUE, 400);
        statuses.forEach((tag, status) -> {
            NetconfException error = NetconfException.of(ErrorType.PROTOCOL, tag, "refused");
            assertEquals(new Answer(status, error.getMessage()), errors.answer(error, 500, "dev-1"), tag.wireName());
        });
    }

    @Test
    void vertxFailuresAreAnsweredByTheirStatus() {
        assertEquals(new Answer(413, "request body larger than " + MAX_BODY_BYTES + " bytes"),
                errors.answer(new HttpException(413), 413, null));
        assertEquals(new Answer(413, "request body larger than " + MAX_BODY_BYTES + " bytes"),
                errors.answer(null, 413, null));
        assertEquals(new Answer(404, "no such route"), errors.answer(null, 404, null));
        assertEquals(new Answer(405, "method not allowed"), errors.answer(null, 405, null));
        assertEquals(new Answer(400, "bad request"), errors.answer(null, 400, null));
    }

    @Test
    void anUnexpectedFailureIs500WithoutItsMessage() {
        assertEquals(new Answer(500, "internal error"),
                errors.answer(new IllegalStateException("/home/ops/.ssh/id_ed25519: bad key"), 500, null));
        assertEquals(new Answer(500, "internal error"),
                errors.answer(new IllegalArgumentException("internal detail"), -1, null));
    }
}
