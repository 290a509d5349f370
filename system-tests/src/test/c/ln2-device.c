/*
 * ln2-device: a NETCONF device that calls home over TLS (RFC 8071 §4, NETCONF over TLS, RFC 7589),
 * built on libnetconf2 2.0 as a third-party peer for the interop tests.
 *
 * It dials the NMS (default port 4335) and is the TLS server there: it presents --cert/--key,
 * asks for the NMS's client certificate, checks its chain against --trusted-ca, and takes the
 * NETCONF username from it through the cert-to-name entries given with --ctn (RFC 7407): no entry
 * matching drops the connection. It answers <get-config> on running and <get> with one small
 * subtree, <system xmlns="urn:example:system"><hostname>NAME</hostname></system>, and refuses the
 * rest: libnetconf2 has no datastore of its own.
 *
 * stdout, one line each, flushed: "connected USERNAME" once a session's hellos are exchanged,
 * "rpc NAME" for each RPC answered, "ended" when a session ends. libnetconf2's own messages go to
 * stderr. With --once it exits 0 after the first session ended; otherwise it calls again, as a
 * persistent call-home connection does, until SIGTERM or SIGINT.
 *
 * Exit codes: 0 done, 2 bad arguments, 3 set-up failed (YANG, libnetconf2 settings).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libyang/libyang.h>
#include <nc_server.h>

#define CLIENT "nms"
#define ENDPOINT "tls"
#define CERT_NAME "device"
#define MAX_CTN 8
#define POLL_MS 100

struct ctn {
    const char *fingerprint;
    NC_TLS_CTN_MAPTYPE map_type;
    const char *name;
};

static struct {
    const char *cert;
    const char *key;
    const char *hostname;
} opts;

static struct nc_pollsession *ps;
static volatile sig_atomic_t stop;

static void
usage(FILE *out)
{
    fprintf(out,
            "usage: ln2-device --cert PEM --key PEM --trusted-ca PEM --ctn FINGERPRINT,MAP[,NAME]... --yang-dir DIR\n"
            "                  [--nms-host HOST] [--nms-port PORT] [--hostname NAME] [--once] [--verbose]\n"
            "  --ctn       a cert-to-name entry, in priority order; FINGERPRINT as ietf-x509-cert-to-name writes it\n"
            "              (04:AB:... for SHA-256) of the NMS's certificate or of a CA above it; MAP one of specified,\n"
            "              san-rfc822-name, san-dns-name, san-ip-address, san-any, common-name; NAME for specified\n"
            "  --yang-dir  where ietf-netconf.yang and the modules it imports are\n"
            "  --nms-host  default 127.0.0.1; --nms-port default 4335; --hostname default ln2-device\n");
}

static void
on_log(const struct nc_session *session, NC_VERB_LEVEL level, const char *msg)
{
    static const char *levels[] = {"ERROR", "WARNING", "VERBOSE", "DEBUG", "DEBUG"};

    (void)session;
    fprintf(stderr, "libnetconf2 %s: %s\n", levels[level], msg);
}

static int
parse_map_type(const char *text, NC_TLS_CTN_MAPTYPE *map_type)
{
    static const struct {
        const char *name;
        NC_TLS_CTN_MAPTYPE type;
    } types[] = {
        {"specified", NC_TLS_CTN_SPECIFIED},
        {"san-rfc822-name", NC_TLS_CTN_SAN_RFC822_NAME},
        {"san-dns-name", NC_TLS_CTN_SAN_DNS_NAME},
        {"san-ip-address", NC_TLS_CTN_SAN_IP_ADDRESS},
        {"san-any", NC_TLS_CTN_SAN_ANY},
        {"common-name", NC_TLS_CTN_COMMON_NAME},
    };

    for (size_t i = 0; i < sizeof types / sizeof types[0]; ++i) {
        if (!strcmp(text, types[i].name)) {
            *map_type = types[i].type;
            return 0;
        }
    }
    return -1;
}

/* "FINGERPRINT,MAP[,NAME]"; splits arg in place. */
static int
parse_ctn(char *arg, struct ctn *ctn)
{
    char *map = strchr(arg, ',');
    char *name;

    if (!map) {
        return -1;
    }
    *map++ = '\0';
    name = strchr(map, ',');
    if (name) {
        *name++ = '\0';
    }
    ctn->fingerprint = arg;
    ctn->name = name;
    if (parse_map_type(map, &ctn->map_type)) {
        return -1;
    }
    /* RFC 7407: a name goes with "specified" and with nothing else */
    return (ctn->map_type == NC_TLS_CTN_SPECIFIED) != (name != NULL) ? -1 : 0;
}

/* Only letters, digits, '.' and '-': the name goes into the reply's XML unescaped. */
static int
valid_hostname(const char *name)
{
    if (!*name || strlen(name) > 253) {
        return 0;
    }
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == strlen(name);
}

/* libnetconf2 frees what this returns, so each path is a copy. */
static int
on_server_cert(const char *name, void *user_data, char **cert_path, char **cert_data, char **privkey_path,
        char **privkey_data, NC_SSH_KEY_TYPE *privkey_type)
{
    (void)user_data;
    (void)cert_data;
    (void)privkey_data;
    (void)privkey_type;
    if (strcmp(name, CERT_NAME)) {
        return 1;
    }
    *cert_path = strdup(opts.cert);
    *privkey_path = strdup(opts.key);
    return !*cert_path || !*privkey_path;
}

/* No trusted-certificate lists are configured, but libnetconf2 2.0 refuses every TLS connection
 * when this callback is not set; the CA comes from --trusted-ca instead. */
static int
on_trusted_cert_list(const char *name, void *user_data, char ***cert_paths, int *cert_path_count,
        char ***cert_data, int *cert_data_count)
{
    (void)name;
    (void)user_data;
    *cert_paths = NULL;
    *cert_path_count = 0;
    *cert_data = NULL;
    *cert_data_count = 0;
    return 0;
}

static struct nc_server_reply *
error_reply(const struct ly_ctx *ctx, NC_ERR tag, const char *message)
{
    struct lyd_node *err = nc_err(ctx, tag, NC_ERR_TYPE_PROT);

    nc_err_set_msg(err, message, "en");
    return nc_server_reply_err(err);
}

static struct nc_server_reply *
system_reply(const struct ly_ctx *ctx, const char *operation)
{
    struct lyd_node *reply = NULL;
    char *xml = NULL;

    if (asprintf(&xml, "<system xmlns=\"urn:example:system\"><hostname>%s</hostname></system>", opts.hostname) < 0) {
        return NULL;
    }
    if (lyd_new_inner(NULL, ly_ctx_get_module_implemented(ctx, "ietf-netconf"), operation, 0, &reply) ||
            lyd_new_any(reply, NULL, "data", xml, 1, LYD_ANYDATA_XML, 1, NULL)) {
        free(xml);
        lyd_free_tree(reply);
        return NULL;
    }
    return nc_server_reply_data(reply, NC_WD_EXPLICIT, NC_PARAMTYPE_FREE);
}

/* Runs on the thread polling the sessions; a NULL reply becomes an operation-failed error. */
static struct nc_server_reply *
on_rpc(struct lyd_node *rpc, struct nc_session *session)
{
    const struct ly_ctx *ctx = LYD_CTX(rpc);
    const char *name = LYD_NAME(rpc);
    struct lyd_node *running = NULL;

    (void)session;
    printf("rpc %s\n", name);
    if (!strcmp(name, "get")) {
        return system_reply(ctx, "get");
    }
    if (!strcmp(name, "get-config")) {
        if (lyd_find_path(rpc, "source/running", 0, &running)) {
            return error_reply(ctx, NC_ERR_OP_NOT_SUPPORTED, "ln2-device has the running datastore only");
        }
        return system_reply(ctx, "get-config");
    }
    return error_reply(ctx, NC_ERR_OP_NOT_SUPPORTED, "ln2-device answers get and get-config only");
}

/* Runs on libnetconf2's call-home thread once the hellos are exchanged. */
static int
on_session(const char *client_name, struct nc_session *session)
{
    (void)client_name;
    if (nc_ps_add_session(ps, session)) {
        return 1;
    }
    printf("connected %s\n", nc_session_get_username(session));
    return 0;
}

static void
on_signal(int signal)
{
    (void)signal;
    stop = 1;
}

static int
configure(const char *nms_host, uint16_t nms_port, const char *trusted_ca, const struct ctn *ctns, int ctn_count)
{
    if (nc_server_ch_add_client(CLIENT) ||
            nc_server_ch_client_add_endpt(CLIENT, ENDPOINT, NC_TI_OPENSSL) ||
            nc_server_ch_client_endpt_set_address(CLIENT, ENDPOINT, nms_host) ||
            nc_server_ch_client_endpt_set_port(CLIENT, ENDPOINT, nms_port) ||
            nc_server_ch_client_set_conn_type(CLIENT, NC_CH_PERSIST) ||
            nc_server_tls_ch_client_endpt_set_server_cert(CLIENT, ENDPOINT, CERT_NAME) ||
            nc_server_tls_ch_client_endpt_set_trusted_ca_paths(CLIENT, ENDPOINT, trusted_ca, NULL)) {
        return -1;
    }
    for (int i = 0; i < ctn_count; ++i) {
        if (nc_server_tls_ch_client_endpt_add_ctn(CLIENT, ENDPOINT, i + 1, ctns[i].fingerprint, ctns[i].map_type,
                ctns[i].name)) {
            return -1;
        }
    }
    nc_server_tls_set_server_cert_clb(on_server_cert, NULL, NULL);
    nc_server_tls_set_trusted_cert_list_clb(on_trusted_cert_list, NULL, NULL);
    return 0;
}

int
main(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"cert", required_argument, NULL, 'c'},
        {"key", required_argument, NULL, 'k'},
        {"trusted-ca", required_argument, NULL, 'a'},
        {"ctn", required_argument, NULL, 'n'},
        {"yang-dir", required_argument, NULL, 'y'},
        {"nms-host", required_argument, NULL, 'H'},
        {"nms-port", required_argument, NULL, 'p'},
        {"hostname", required_argument, NULL, 'N'},
        {"once", no_argument, NULL, 'o'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    const char *trusted_ca = NULL, *yang_dir = NULL, *nms_host = "127.0.0.1";
    long nms_port = 4335;
    int once = 0, verbose = 0, ctn_count = 0, opt, rc;
    struct ctn ctns[MAX_CTN];
    struct ly_ctx *ctx = NULL;
    struct nc_session *session;
    char *end;

    opts.hostname = "ln2-device";
    while ((opt = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        switch (opt) {
        case 'c': opts.cert = optarg; break;
        case 'k': opts.key = optarg; break;
        case 'a': trusted_ca = optarg; break;
        case 'y': yang_dir = optarg; break;
        case 'H': nms_host = optarg; break;
        case 'N': opts.hostname = optarg; break;
        case 'o': once = 1; break;
        case 'v': verbose = 1; break;
        case 'h': usage(stdout); return 0;
        case 'n':
            if (ctn_count == MAX_CTN) {
                fprintf(stderr, "ln2-device: more than %d --ctn entries\n", MAX_CTN);
                return 2;
            }
            if (parse_ctn(optarg, &ctns[ctn_count++])) {
                fprintf(stderr, "ln2-device: --ctn wants FINGERPRINT,MAP with NAME for specified only, MAP one of "
                        "specified, san-rfc822-name, san-dns-name, san-ip-address, san-any, common-name\n");
                return 2;
            }
            break;
        case 'p':
            nms_port = strtol(optarg, &end, 10);
            if (*end || nms_port < 1 || nms_port > 65535) {
                fprintf(stderr, "ln2-device: --nms-port %s is not a port (1-65535)\n", optarg);
                return 2;
            }
            break;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc || !opts.cert || !opts.key || !trusted_ca || !yang_dir || !ctn_count) {
        fprintf(stderr, "ln2-device: --cert, --key, --trusted-ca, --yang-dir and at least one --ctn are required\n");
        usage(stderr);
        return 2;
    }
    if (!valid_hostname(opts.hostname)) {
        fprintf(stderr, "ln2-device: --hostname takes letters, digits, '.' and '-' only (at most 253)\n");
        return 2;
    }

    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    nc_verbosity(verbose ? NC_VERB_VERBOSE : NC_VERB_WARNING);
    nc_set_print_clb_session(on_log);

    /* no ietf-yang-library: a client would ask for its data with <get>, which this device does not keep */
    if (ly_ctx_new(yang_dir, LY_CTX_NO_YANGLIBRARY, &ctx) || !ly_ctx_load_module(ctx, "ietf-netconf", NULL, NULL)) {
        fprintf(stderr, "ln2-device: cannot load ietf-netconf from %s\n", yang_dir);
        return 3;
    }
    if (nc_server_init(ctx)) {
        fprintf(stderr, "ln2-device: nc_server_init failed\n");
        return 3;
    }
    nc_set_global_rpc_clb(on_rpc);
    ps = nc_ps_new();
    if (!ps || configure(nms_host, (uint16_t)nms_port, trusted_ca, ctns, ctn_count)) {
        fprintf(stderr, "ln2-device: the call-home settings were refused (see libnetconf2's message above)\n");
        return 3;
    }
    if (nc_connect_ch_client_dispatch(CLIENT, on_session)) {
        fprintf(stderr, "ln2-device: cannot start the call-home thread\n");
        return 3;
    }

    while (!stop) {
        rc = nc_ps_poll(ps, POLL_MS, &session);
        if (rc & NC_PSPOLL_NOSESSIONS) {
            usleep(POLL_MS * 1000);
        } else if (rc & NC_PSPOLL_SESSION_TERM) {
            if (once) {
                /* before the session is freed, or the call-home thread dials again at once */
                nc_server_ch_del_client(CLIENT);
                stop = 1;
            }
            nc_ps_del_session(ps, session);
            nc_session_free(session, NULL);
            printf("ended\n");
        }
    }

    /* the call-home thread may be dialling again; deleting the client ends it at its next step, and
     * the process's end releases the rest (the library context outlives that thread) */
    if (nc_server_ch_is_client(CLIENT)) {
        nc_server_ch_del_client(CLIENT);
    }
    nc_ps_clear(ps, 1, NULL);
    nc_ps_free(ps);
    return 0;
}
