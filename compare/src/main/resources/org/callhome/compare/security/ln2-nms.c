/*
 * ln2-nms: the NMS side of NETCONF call home over TLS (RFC 8071 §4, RFC 7589), built on
 * libnetconf2 2.0: the stock TLS call-home client of the comparison's standard-client scenario
 * (compare's Rfc6242Client, which builds it from this file in its jar) and a third-party peer for
 * the system tests' interop tests.
 *
 * It listens, accepts one device's call and is the TLS client on it: it presents --cert/--key and
 * accepts the device's certificate only with a chain to --trusted-ca (libnetconf2 checks no host
 * name on a call-home connection). Then it sends one <get-config> of running (or a <get>),
 * prints the reply's <data>, closes the session and exits.
 *
 * stdout, one line each, flushed: "listening PORT" once bound (a free one when --port is 0),
 * "connected HOST PORT SESSION-ID" after the hellos, "capability URI" for each capability of the
 * device's hello, then the data between the lines "BEGIN DATA" and "END DATA". Why anything failed goes to stderr, with libnetconf2's own messages.
 *
 * Exit codes: 0 the data arrived; 2 bad arguments, or the port cannot be bound; 3 nothing within
 * --timeout (no call, or no reply); 4 the call failed (TLS handshake, certificate, NETCONF hello;
 * also a certificate or key file OpenSSL cannot read, as files are read at the first call) or the
 * session broke; 5 the device answered with an <rpc-error> or without data.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libyang/libyang.h>
#include <nc_client.h>

#define FREE_PORT_ATTEMPTS 5

static void
usage(FILE *out)
{
    fprintf(out,
            "usage: ln2-nms --cert PEM --key PEM --trusted-ca PEM --yang-dir DIR [--address ADDR] [--port PORT]\n"
            "               [--timeout SECONDS] [--rpc get-config|get] [--verbose]\n"
            "  --yang-dir where ietf-netconf and ietf-netconf-acm are (and any module of the device's to parse its\n"
            "             data by)\n"
            "  --address default 127.0.0.1; --port default 4335, 0 for a free one;\n"
            "  --timeout default 30, bounds the wait for the call and for the reply\n");
}

static void
on_log(const struct nc_session *session, NC_VERB_LEVEL level, const char *msg)
{
    static const char *levels[] = {"ERROR", "WARNING", "VERBOSE", "DEBUG", "DEBUG"};

    (void)session;
    fprintf(stderr, "libnetconf2 %s: %s\n", levels[level], msg);
}

/*
 * A port free on address now, or -1: libnetconf2 2.0 refuses to bind port 0, so one is found by
 * binding a socket of our own to port 0 and releasing it. Another process may take it in between;
 * the caller tries again then.
 */
static int
free_port(const char *address)
{
    struct sockaddr_storage bound;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&bound;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&bound;
    socklen_t length;
    int fd, port = -1;

    memset(&bound, 0, sizeof bound);
    if (inet_pton(AF_INET, address, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        length = sizeof *v4;
    } else if (inet_pton(AF_INET6, address, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        length = sizeof *v6;
    } else {
        return -1;
    }
    fd = socket(bound.ss_family, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    if (!bind(fd, (struct sockaddr *)&bound, length) && !getsockname(fd, (struct sockaddr *)&bound, &length)) {
        port = ntohs(bound.ss_family == AF_INET ? v4->sin_port : v6->sin6_port);
    }
    close(fd);
    return port;
}

/* Binds and listens on address and port, or on a free port when port is 0; returns the port or -1. */
static int
listen_for_calls(const char *address, long port)
{
    int candidate;

    if (port) {
        return nc_client_tls_ch_add_bind_listen(address, (uint16_t)port) ? -1 : (int)port;
    }
    for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; ++attempt) {
        candidate = free_port(address);
        if (candidate > 0 && !nc_client_tls_ch_add_bind_listen(address, (uint16_t)candidate)) {
            return candidate;
        }
    }
    return -1;
}

static const struct lyd_node *
child_named(const struct lyd_node *parent, const char *name)
{
    for (const struct lyd_node *child = lyd_child(parent); child; child = child->next) {
        if (!strcmp(LYD_NAME(child), name)) {
            return child;
        }
    }
    return NULL;
}

static void
print_tree(FILE *out, const struct lyd_node *node)
{
    char *xml = NULL;

    if (node && !lyd_print_mem(&xml, node, LYD_XML, 0) && xml) {
        fputs(xml, out);
        if (xml[0] && xml[strlen(xml) - 1] != '\n') {
            fputc('\n', out);
        }
    }
    free(xml);
}

/* Sends the RPC and prints the reply's data; returns the exit code. */
static int
exchange(struct nc_session *session, const char *operation, int timeout_ms)
{
    struct nc_rpc *rpc;
    struct lyd_node *envp = NULL, *op = NULL;
    const struct lyd_node *data;
    NC_MSG_TYPE msg;
    uint64_t msgid;
    int code;

    rpc = !strcmp(operation, "get") ? nc_rpc_get(NULL, NC_WD_UNKNOWN, NC_PARAMTYPE_CONST)
            : nc_rpc_getconfig(NC_DATASTORE_RUNNING, NULL, NC_WD_UNKNOWN, NC_PARAMTYPE_CONST);
    if (!rpc) {
        fprintf(stderr, "ln2-nms: cannot build the <%s> RPC\n", operation);
        return 4;
    }
    msg = nc_send_rpc(session, rpc, timeout_ms, &msgid);
    if (msg != NC_MSG_RPC) {
        fprintf(stderr, "ln2-nms: sending <%s> failed%s\n", operation,
                msg == NC_MSG_WOULDBLOCK ? ": the session stayed busy for the whole timeout" : "");
        nc_rpc_free(rpc);
        return msg == NC_MSG_WOULDBLOCK ? 3 : 4;
    }
    do {
        lyd_free_tree(envp);
        lyd_free_tree(op);
        envp = op = NULL;
        msg = nc_recv_reply(session, rpc, msgid, timeout_ms, &envp, &op);
    } while (msg == NC_MSG_NOTIF);

    if (msg == NC_MSG_WOULDBLOCK) {
        fprintf(stderr, "ln2-nms: no reply to <%s> within %d ms\n", operation, timeout_ms);
        code = 3;
    } else if (msg != NC_MSG_REPLY) {
        fprintf(stderr, "ln2-nms: no valid reply to <%s> (the session broke or the reply was not NETCONF; "
                "libnetconf2's reason above)\n", operation);
        code = 4;
    } else if (!op || !(data = child_named(op, "data"))) {
        fprintf(stderr, "ln2-nms: the device answered <%s> without data:\n", operation);
        print_tree(stderr, envp);
        code = 5;
    } else {
        printf("BEGIN DATA\n");
        print_tree(stdout, data);
        printf("END DATA\n");
        code = 0;
    }
    lyd_free_tree(envp);
    lyd_free_tree(op);
    nc_rpc_free(rpc);
    return code;
}

/* Accepts one call, runs the exchange on it and closes it; returns the exit code. */
static int
accept_one_call(long timeout_s, const char *operation)
{
    struct nc_session *session = NULL;
    int rc, code;

    rc = nc_accept_callhome((int)timeout_s * 1000, NULL, &session);
    if (rc == 0) {
        fprintf(stderr, "ln2-nms: no device called within %ld s\n", timeout_s);
        return 3;
    }
    if (rc < 0) {
        fprintf(stderr, "ln2-nms: a device called but no NETCONF session came of it (TLS handshake, certificate "
                "or hello; libnetconf2's reason above)\n");
        return 4;
    }
    printf("connected %s %u %u\n", nc_session_get_host(session), nc_session_get_port(session),
            nc_session_get_id(session));
    for (const char * const *capability = nc_session_get_cpblts(session); capability && *capability; ++capability) {
        printf("capability %s\n", *capability);
    }
    code = exchange(session, operation, (int)timeout_s * 1000);
    /* sends <close-session> while the session is up */
    nc_session_free(session, NULL);
    return code;
}

/*
 * Runs call in a child process and returns its exit code. libnetconf2 2.0.24 crashes when a call
 * fails after the TLS handshake (the device refusing our certificate under TLS 1.3, which it says
 * only after the handshake, or a bad hello): nc_connect_libssl frees the failed session after
 * taking its TLS object away, and nc_session_free then hands OpenSSL a NULL (SIGSEGV). The child
 * inherits the listening socket; a crash in it becomes exit code 4 with the reason.
 */
static int
in_child(int (*call)(long, const char *), long timeout_s, const char *operation)
{
    pid_t child;
    int status;

    fflush(stdout);
    fflush(stderr);
    child = fork();
    if (child < 0) {
        perror("ln2-nms: fork");
        return 4;
    }
    if (child == 0) {
        /* the child ends with this process when it is stopped */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        status = call(timeout_s, operation);
        fflush(stdout);
        fflush(stderr);
        _exit(status);
    }
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("ln2-nms: waitpid");
            return 4;
        }
    }
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    fprintf(stderr, "ln2-nms: the call failed after the TLS handshake and libnetconf2 crashed freeing it (signal %d); "
            "the device probably refused this NMS's certificate or closed the connection (libnetconf2's reason "
            "above)\n", WTERMSIG(status));
    return 4;
}

int
main(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"cert", required_argument, NULL, 'c'},
        {"key", required_argument, NULL, 'k'},
        {"trusted-ca", required_argument, NULL, 'a'},
        {"yang-dir", required_argument, NULL, 'y'},
        {"address", required_argument, NULL, 'A'},
        {"port", required_argument, NULL, 'p'},
        {"timeout", required_argument, NULL, 't'},
        {"rpc", required_argument, NULL, 'r'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    const char *cert = NULL, *key = NULL, *trusted_ca = NULL, *yang_dir = NULL, *address = "127.0.0.1", *operation = "get-config";
    long port = 4335, timeout_s = 30;
    int verbose = 0, opt, code, bound;
    char *end;

    while ((opt = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        switch (opt) {
        case 'c': cert = optarg; break;
        case 'k': key = optarg; break;
        case 'a': trusted_ca = optarg; break;
        case 'y': yang_dir = optarg; break;
        case 'A': address = optarg; break;
        case 'v': verbose = 1; break;
        case 'h': usage(stdout); return 0;
        case 'p':
            port = strtol(optarg, &end, 10);
            if (*end || port < 0 || port > 65535) {
                fprintf(stderr, "ln2-nms: --port %s is not a port (0-65535)\n", optarg);
                return 2;
            }
            break;
        case 't':
            timeout_s = strtol(optarg, &end, 10);
            if (*end || timeout_s < 1 || timeout_s > 3600) {
                fprintf(stderr, "ln2-nms: --timeout %s is not a number of seconds from 1 to 3600\n", optarg);
                return 2;
            }
            break;
        case 'r':
            if (strcmp(optarg, "get-config") && strcmp(optarg, "get")) {
                fprintf(stderr, "ln2-nms: --rpc is get-config or get, not %s\n", optarg);
                return 2;
            }
            operation = optarg;
            break;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc || !cert || !key || !trusted_ca || !yang_dir) {
        fprintf(stderr, "ln2-nms: --cert, --key, --trusted-ca and --yang-dir are required\n");
        usage(stderr);
        return 2;
    }

    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    nc_client_init();
    nc_verbosity(verbose ? NC_VERB_VERBOSE : NC_VERB_WARNING);
    nc_set_print_clb_session(on_log);
    /* ietf-netconf imports ietf-netconf-acm, which libnetconf2 2.0 does not carry: without it here, a
     * device that offers no <get-schema> leaves the session without its base module, and 2.0.24
     * then crashes freeing it (SIGSEGV in nc_session_free, called from nc_connect_libssl). With
     * ietf-netconf-acm alone here 2.0.24 still fails to load it: ietf-netconf must be here too. */
    if (nc_client_set_schema_searchpath(yang_dir)) {
        fprintf(stderr, "ln2-nms: --yang-dir %s was refused\n", yang_dir);
        return 2;
    }

    /* the files are read at the first call, so a bad one shows only then, as a failed call */
    if (nc_client_tls_ch_set_cert_key_paths(cert, key) || nc_client_tls_ch_set_trusted_ca_paths(trusted_ca, NULL)) {
        fprintf(stderr, "ln2-nms: the certificate settings were refused\n");
        return 2;
    }
    bound = listen_for_calls(address, port);
    if (bound < 0) {
        fprintf(stderr, "ln2-nms: cannot listen on %s port %ld (libnetconf2's reason above)\n", address, port);
        return 2;
    }
    printf("listening %d\n", bound);

    code = in_child(accept_one_call, timeout_s, operation);
    nc_client_destroy();
    return code;
}
