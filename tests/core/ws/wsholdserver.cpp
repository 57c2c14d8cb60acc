// A small WebSocket server for the connection-hold benchmark (bench/hold-100k.sh), not a test:
// one thread, one epoll set, level-triggered, no Qt. It accepts, checks the upgrade's cookie
// (401 without it), answers 101 and then holds the connection: pings get pongs, a close frame
// is answered and the connection ends, data frames are echoed (so a profile can also check that
// a held connection still answers). The demo server and the Python broker were the limit of the
// 10,000-connection ramps (bench/scale.md); this one costs O(ready sockets) per wake-up.
//
//   wsholdserver --port 18090 [--host 127.0.0.1] [--cookie sessionid=bench-session-1]
//                [--reuseport]
//
// --reuseport lets several processes share the port (the kernel spreads the connections), so
// the held connections are not bounded by one process's open-file limit. Prints "listening on
// HOST:PORT" when ready and one summary line on SIGINT/SIGTERM (accepted, upgraded, rejected,
// peak and open connections).

#include <arpa/inet.h>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

volatile std::sig_atomic_t g_stop = 0;

void onSignal(int)
{
    g_stop = 1;
}

// SHA-1 (RFC 3174), only for Sec-WebSocket-Accept.
std::string sha1(const std::string &input)
{
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    std::string msg = input;
    const uint64_t bits = uint64_t(input.size()) * 8;
    msg.push_back(char(0x80));
    while (msg.size() % 64 != 56)
        msg.push_back('\0');
    for (int i = 7; i >= 0; --i)
        msg.push_back(char((bits >> (i * 8)) & 0xff));
    const auto rotl = [](uint32_t x, int n) { return (x << n) | (x >> (32 - n)); };
    for (size_t chunk = 0; chunk < msg.size(); chunk += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; ++i)
            w[i] = uint32_t(uint8_t(msg[chunk + i * 4])) << 24 |
                   uint32_t(uint8_t(msg[chunk + i * 4 + 1])) << 16 |
                   uint32_t(uint8_t(msg[chunk + i * 4 + 2])) << 8 |
                   uint32_t(uint8_t(msg[chunk + i * 4 + 3]));
        for (int i = 16; i < 80; ++i)
            w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; ++i) {
            uint32_t f, k;
            if (i < 20) {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            } else if (i < 40) {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            } else if (i < 60) {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            } else {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }
            const uint32_t t = rotl(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = rotl(b, 30);
            b = a;
            a = t;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
    }
    std::string out;
    for (uint32_t v : h) {
        for (int i = 3; i >= 0; --i)
            out.push_back(char((v >> (i * 8)) & 0xff));
    }
    return out;
}

std::string base64(const std::string &in)
{
    static const char *table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const uint32_t v =
            uint32_t(uint8_t(in[i])) << 16 | uint32_t(uint8_t(in[i + 1])) << 8 | uint8_t(in[i + 2]);
        out += table[v >> 18];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += table[v & 63];
    }
    if (i + 1 == in.size()) {
        const uint32_t v = uint32_t(uint8_t(in[i])) << 16;
        out += table[v >> 18];
        out += table[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        const uint32_t v = uint32_t(uint8_t(in[i])) << 16 | uint32_t(uint8_t(in[i + 1])) << 8;
        out += table[v >> 18];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

// The value of header @p name (case-insensitive) in @p head, or empty.
std::string_view headerValue(std::string_view head, std::string_view name)
{
    size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos && pos + 2 < head.size()) {
        const size_t start = pos + 2;
        const size_t end = head.find("\r\n", start);
        const std::string_view line = head.substr(start, end - start);
        const size_t colon = line.find(':');
        if (colon == name.size() && strncasecmp(line.data(), name.data(), name.size()) == 0) {
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                value.remove_prefix(1);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
                value.remove_suffix(1);
            return value;
        }
        pos = end;
    }
    return {};
}

struct Connection
{
    std::string in;  ///< the upgrade request, then an incomplete frame (empty when idle)
    std::string out; ///< bytes the kernel did not take yet
    bool open = false;
    bool upgraded = false;
};

class Server
{
public:
    explicit Server(std::string cookie) : m_cookie(std::move(cookie)) {}

    bool listenOn(const char *host, int port, bool reusePort)
    {
        m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const int one = 1;
        setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (reusePort)
            setsockopt(m_listen, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(uint16_t(port));
        if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
            std::fprintf(stderr, "wsholdserver: bad --host %s\n", host);
            return false;
        }
        if (::bind(m_listen, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
            ::listen(m_listen, 65535) != 0) {
            std::fprintf(stderr, "wsholdserver: %s:%d: %s\n", host, port, strerror(errno));
            return false;
        }
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        watchListener(true);
        return true;
    }

    void run()
    {
        std::vector<epoll_event> events(1024);
        while (!g_stop) {
            const int n = epoll_wait(m_epoll, events.data(), int(events.size()), 100);
            if (n < 0 && errno != EINTR)
                break;
            if (m_listenerPaused && ++m_pausedTicks > 1)
                watchListener(true); // retry accept() after EMFILE
            for (int i = 0; i < n; ++i) {
                const int fd = events[i].data.fd;
                if (fd == m_listen)
                    acceptAll();
                else
                    serve(fd, events[i].events);
            }
        }
        std::printf("wsholdserver: accepted %llu upgraded %llu rejected %llu peak %llu open %llu "
                    "accept-errors %llu\n",
                    m_accepted, m_upgraded, m_rejected, m_peak, m_open, m_acceptErrors);
        std::fflush(stdout);
    }

private:
    void watchListener(bool on)
    {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = m_listen;
        epoll_ctl(m_epoll, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, m_listen, &ev);
        m_listenerPaused = !on;
        m_pausedTicks = 0;
    }

    void acceptAll()
    {
        for (;;) {
            const int fd = accept4(m_listen, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    // Level-triggered: without a pause the listener would spin.
                    if (m_acceptErrors++ == 0)
                        std::fprintf(stderr, "wsholdserver: accept: %s (open %llu)\n",
                                     strerror(errno), m_open);
                    watchListener(false);
                }
                return;
            }
            const int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (size_t(fd) >= m_conns.size())
                m_conns.resize(size_t(fd) + 1024);
            m_conns[size_t(fd)] = Connection{};
            m_conns[size_t(fd)].open = true;
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLRDHUP;
            ev.data.fd = fd;
            epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
            ++m_accepted;
            if (++m_open > m_peak)
                m_peak = m_open;
        }
    }

    void closeConnection(int fd)
    {
        Connection &c = m_conns[size_t(fd)];
        if (!c.open)
            return;
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        ::close(fd);
        c = Connection{};
        --m_open;
    }

    void send(int fd, const char *data, size_t size)
    {
        Connection &c = m_conns[size_t(fd)];
        if (c.out.empty()) {
            const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
            if (sent == ssize_t(size))
                return;
            if (sent < 0 && errno != EAGAIN) {
                closeConnection(fd);
                return;
            }
            const size_t done = sent < 0 ? 0 : size_t(sent);
            c.out.assign(data + done, size - done);
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
            ev.data.fd = fd;
            epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
        } else {
            c.out.append(data, size);
        }
    }

    void flush(int fd)
    {
        Connection &c = m_conns[size_t(fd)];
        const ssize_t sent = ::send(fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno != EAGAIN)
                closeConnection(fd);
            return;
        }
        c.out.erase(0, size_t(sent));
        if (c.out.empty()) {
            std::string().swap(c.out);
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLRDHUP;
            ev.data.fd = fd;
            epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
        }
    }

    void serve(int fd, uint32_t events)
    {
        if (size_t(fd) >= m_conns.size() || !m_conns[size_t(fd)].open)
            return;
        if (events & EPOLLOUT)
            flush(fd);
        if (!(events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
            return;
        char buffer[16384];
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got == 0 || (got < 0 && errno != EAGAIN)) {
            closeConnection(fd);
            return;
        }
        if (got < 0)
            return;
        Connection &c = m_conns[size_t(fd)];
        c.in.append(buffer, size_t(got));
        if (!c.upgraded)
            handshake(fd);
        else
            frames(fd);
    }

    void handshake(int fd)
    {
        Connection &c = m_conns[size_t(fd)];
        const size_t end = c.in.find("\r\n\r\n");
        if (end == std::string::npos) {
            if (c.in.size() > 16384)
                closeConnection(fd);
            return;
        }
        const std::string_view head(c.in.data(), end + 2);
        const std::string_view key = headerValue(head, "Sec-WebSocket-Key");
        const std::string_view cookies = headerValue(head, "Cookie");
        const bool cookieOk = m_cookie.empty() || cookies.find(m_cookie) != std::string_view::npos;
        if (key.empty() || !cookieOk) {
            static const char kRejected[] = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n"
                                            "Connection: close\r\n\r\n";
            ::send(fd, kRejected, sizeof kRejected - 1, MSG_NOSIGNAL);
            ++m_rejected;
            closeConnection(fd);
            return;
        }
        const std::string accept =
            base64(sha1(std::string(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
        const std::string response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                     "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                                     accept + "\r\n\r\n";
        const std::string rest = c.in.substr(end + 4);
        std::string().swap(c.in); // an idle connection keeps no buffer
        c.upgraded = true;
        ++m_upgraded;
        send(fd, response.data(), response.size());
        if (!rest.empty() && m_conns[size_t(fd)].open) {
            m_conns[size_t(fd)].in = rest;
            frames(fd);
        }
    }

    void frames(int fd)
    {
        for (;;) {
            Connection &c = m_conns[size_t(fd)];
            if (!c.open)
                return;
            const std::string &in = c.in;
            if (in.size() < 2)
                break;
            const uint8_t b0 = uint8_t(in[0]);
            const uint8_t b1 = uint8_t(in[1]);
            uint64_t length = b1 & 0x7f;
            size_t at = 2;
            if (length == 126) {
                if (in.size() < 4)
                    break;
                length = uint64_t(uint8_t(in[2])) << 8 | uint8_t(in[3]);
                at = 4;
            } else if (length == 127) {
                if (in.size() < 10)
                    break;
                length = 0;
                for (int i = 0; i < 8; ++i)
                    length = length << 8 | uint8_t(in[2 + i]);
                at = 10;
            }
            if (length > (1u << 24)) {
                closeConnection(fd);
                return;
            }
            const bool masked = b1 & 0x80;
            const size_t maskAt = at;
            if (masked)
                at += 4;
            if (in.size() < at + length)
                break;
            std::string payload = in.substr(at, size_t(length));
            if (masked) {
                for (size_t i = 0; i < payload.size(); ++i)
                    payload[i] = char(payload[i] ^ in[maskAt + (i % 4)]);
            }
            const uint8_t opcode = b0 & 0x0f;
            c.in.erase(0, at + size_t(length));
            if (c.in.empty())
                std::string().swap(c.in);
            if (opcode == 0x8) {
                reply(fd, 0x88, payload.size() >= 2 ? payload.substr(0, 2) : std::string());
                closeConnection(fd);
                return;
            }
            if (opcode == 0x9)
                reply(fd, 0x8A, payload);
            else if (opcode != 0xA)
                reply(fd, b0 & 0x8f, payload); // data frames are echoed as they came
        }
    }

    void reply(int fd, uint8_t first, const std::string &payload)
    {
        std::string frame;
        frame.push_back(char(first)); // FIN and opcode, unmasked
        if (payload.size() < 126) {
            frame.push_back(char(payload.size()));
        } else if (payload.size() < 65536) {
            frame.push_back(char(126));
            frame.push_back(char(payload.size() >> 8));
            frame.push_back(char(payload.size() & 0xff));
        } else {
            frame.push_back(char(127));
            for (int i = 7; i >= 0; --i)
                frame.push_back(char((uint64_t(payload.size()) >> (i * 8)) & 0xff));
        }
        frame += payload;
        send(fd, frame.data(), frame.size());
    }

    std::string m_cookie;
    int m_listen = -1;
    int m_epoll = -1;
    bool m_listenerPaused = false;
    int m_pausedTicks = 0;
    std::vector<Connection> m_conns;
    unsigned long long m_accepted = 0;
    unsigned long long m_upgraded = 0;
    unsigned long long m_rejected = 0;
    unsigned long long m_open = 0;
    unsigned long long m_peak = 0;
    unsigned long long m_acceptErrors = 0;
};

} // namespace

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    int port = 0;
    bool reusePort = false;
    std::string cookie = "sessionid=bench-session-1";
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--port" && i + 1 < argc)
            port = std::atoi(argv[++i]);
        else if (arg == "--host" && i + 1 < argc)
            host = argv[++i];
        else if (arg == "--cookie" && i + 1 < argc)
            cookie = argv[++i];
        else if (arg == "--reuseport")
            reusePort = true;
        else {
            std::fprintf(stderr, "usage: wsholdserver --port N [--host 127.0.0.1] "
                                 "[--cookie NAME=VALUE (empty: no check)] [--reuseport]\n");
            return 2;
        }
    }
    if (port <= 0 || port > 65535) {
        std::fprintf(stderr, "wsholdserver: --port 1..65535 is required\n");
        return 2;
    }
    // Every held connection is a descriptor: lift the soft limit to the hard one.
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    Server server(cookie);
    if (!server.listenOn(host, port, reusePort))
        return 1;
    std::printf("listening on %s:%d\n", host, port);
    std::fflush(stdout);
    server.run();
    return 0;
}
