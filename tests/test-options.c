/* test-options.c: connection-string parsing, canonical strings, round trips, fuzzing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib-object.h>

#include "tether-error.h"
#include "tether-options.h"

typedef struct
{
  const char          *input;
  TetherTransportKind  transport;
  const char          *host;
  guint16              port;
  guint                ip_version;
  const char          *user;
  const char          *gdbserver;
  const char          *device;
  guint                baud;
  const char          *canonical;
} ValidCase;

static const ValidCase valid_cases[] = {
  /* tcp */
  { "tcp:server=build-box,port=2345", TETHER_TRANSPORT_TCP, "build-box", 2345, 0, NULL, NULL, NULL,
    0, "tcp:server=build-box,port=2345" },
  { "  TCP : Server = Build-Box , PORT = 2345  ", TETHER_TRANSPORT_TCP, "Build-Box", 2345, 0, NULL,
    NULL, NULL, 0, "tcp:server=Build-Box,port=2345" },
  { "tcp:port=65535,server=h", TETHER_TRANSPORT_TCP, "h", 65535, 0, NULL, NULL, NULL, 0,
    "tcp:server=h,port=65535" },
  { "tcp:server=h,port=1", TETHER_TRANSPORT_TCP, "h", 1, 0, NULL, NULL, NULL, 0,
    "tcp:server=h,port=1" },
  { "tcp:server=h,port=00080", TETHER_TRANSPORT_TCP, "h", 80, 0, NULL, NULL, NULL, 0,
    "tcp:server=h,port=80" },
  { "tcp:server=10.0.0.5,port=2345,ipversion=4", TETHER_TRANSPORT_TCP, "10.0.0.5", 2345, 4, NULL,
    NULL, NULL, 0, "tcp:server=10.0.0.5,port=2345,ipversion=4" },
  { "tcp:ipversion=6,server=build-box,port=2345", TETHER_TRANSPORT_TCP, "build-box", 2345, 6, NULL,
    NULL, NULL, 0, "tcp:server=build-box,port=2345,ipversion=6" },
  { "tcp:server=[::1],port=2345,ipversion=6", TETHER_TRANSPORT_TCP, "::1", 2345, 6, NULL, NULL,
    NULL, 0, "tcp:server=::1,port=2345,ipversion=6" },
  { "tcp:server=2001:db8::42,port=2345", TETHER_TRANSPORT_TCP, "2001:db8::42", 2345, 0, NULL, NULL,
    NULL, 0, "tcp:server=2001:db8::42,port=2345" },
  { "tcp:server=[fe80::1%eth0],port=2345", TETHER_TRANSPORT_TCP, "fe80::1%eth0", 2345, 0, NULL,
    NULL, NULL, 0, "tcp:server=fe80::1%eth0,port=2345" },
  { "tcp:server=\"build-box\",port=\"2345\"", TETHER_TRANSPORT_TCP, "build-box", 2345, 0, NULL,
    NULL, NULL, 0, "tcp:server=build-box,port=2345" },
  { "tcp:server=build_box.lab.example.,port=2345", TETHER_TRANSPORT_TCP, "build_box.lab.example.",
    2345, 0, NULL, NULL, NULL, 0, "tcp:server=build_box.lab.example.,port=2345" },
  { "tcp:server=bücher.example,port=2345", TETHER_TRANSPORT_TCP, "bücher.example", 2345, 0, NULL,
    NULL, NULL, 0, "tcp:server=bücher.example,port=2345" },
  { "tcp:server=localhost,port=2345", TETHER_TRANSPORT_TCP, "localhost", 2345, 0, NULL, NULL, NULL,
    0, "tcp:server=localhost,port=2345" },
  { "\ttcp:server=h,port=2345\n", TETHER_TRANSPORT_TCP, "h", 2345, 0, NULL, NULL, NULL, 0,
    "tcp:server=h,port=2345" },
  /* tcp, reverse */
  { "tcp:clicon=lab-board,port=2345", TETHER_TRANSPORT_TCP_CLICON, "lab-board", 2345, 0, NULL,
    NULL, NULL, 0, "tcp:clicon=lab-board,port=2345" },
  { "Tcp:Port=9,CliCon=192.168.1.20,IpVersion=4", TETHER_TRANSPORT_TCP_CLICON, "192.168.1.20", 9,
    4, NULL, NULL, NULL, 0, "tcp:clicon=192.168.1.20,port=9,ipversion=4" },
  /* ssh */
  { "ssh:host=build-box", TETHER_TRANSPORT_SSH, "build-box", 0, 0, NULL, NULL, NULL, 0,
    "ssh:host=build-box" },
  { "ssh:host=build-box,user=dev", TETHER_TRANSPORT_SSH, "build-box", 0, 0, "dev", NULL, NULL, 0,
    "ssh:host=build-box,user=dev" },
  { "ssh:gdbserver=/usr/bin/gdbserver,port=22,user=dev,host=build-box", TETHER_TRANSPORT_SSH,
    "build-box", 22, 0, "dev", "/usr/bin/gdbserver", NULL, 0,
    "ssh:host=build-box,user=dev,port=22,gdbserver=/usr/bin/gdbserver" },
  { "SSH:HOST=h,GDBSERVER=\"/opt/my,tools/gdbserver\"", TETHER_TRANSPORT_SSH, "h", 0, 0, NULL,
    "/opt/my,tools/gdbserver", NULL, 0, "ssh:host=h,gdbserver=\"/opt/my,tools/gdbserver\"" },
  { "ssh:host=[2001:db8::1],port=2222", TETHER_TRANSPORT_SSH, "2001:db8::1", 2222, 0, NULL, NULL,
    NULL, 0, "ssh:host=2001:db8::1,port=2222" },
  { "ssh:host=h,user=dev.ops_1,gdbserver=gdbserver-12", TETHER_TRANSPORT_SSH, "h", 0, 0,
    "dev.ops_1", "gdbserver-12", NULL, 0, "ssh:host=h,user=dev.ops_1,gdbserver=gdbserver-12" },
  /* local */
  { "local", TETHER_TRANSPORT_LOCAL, NULL, 0, 0, NULL, NULL, NULL, 0, "local:" },
  { " LOCAL ", TETHER_TRANSPORT_LOCAL, NULL, 0, 0, NULL, NULL, NULL, 0, "local:" },
  { "local:", TETHER_TRANSPORT_LOCAL, NULL, 0, 0, NULL, NULL, NULL, 0, "local:" },
  { "local :  ", TETHER_TRANSPORT_LOCAL, NULL, 0, 0, NULL, NULL, NULL, 0, "local:" },
  { "local:gdbserver=/opt/gdb/bin/gdbserver", TETHER_TRANSPORT_LOCAL, NULL, 0, 0, NULL,
    "/opt/gdb/bin/gdbserver", NULL, 0, "local:gdbserver=/opt/gdb/bin/gdbserver" },
  { "local:gdbserver=/opt/my tools/gdbserver", TETHER_TRANSPORT_LOCAL, NULL, 0, 0, NULL,
    "/opt/my tools/gdbserver", NULL, 0, "local:gdbserver=/opt/my tools/gdbserver" },
  { "local:gdbserver=\"/opt/say \"\"hi\"\"/gdbserver\"", TETHER_TRANSPORT_LOCAL, NULL, 0, 0, NULL,
    "/opt/say \"hi\"/gdbserver", NULL, 0, "local:gdbserver=\"/opt/say \"\"hi\"\"/gdbserver\"" },
  { "local:gdbserver = \" /x=y \" ", TETHER_TRANSPORT_LOCAL, NULL, 0, 0, NULL, " /x=y ", NULL, 0,
    "local:gdbserver=\" /x=y \"" },
  { "local:gdbserver=\"\"\"\"", TETHER_TRANSPORT_LOCAL, NULL, 0, 0, NULL, "\"", NULL, 0,
    "local:gdbserver=\"\"\"\"" },
  { "local:gdbserver=C:gdb", TETHER_TRANSPORT_LOCAL, NULL, 0, 0, NULL, "C:gdb", NULL, 0,
    "local:gdbserver=C:gdb" },
  /* com */
  { "com:port=/dev/ttyS0", TETHER_TRANSPORT_COM, NULL, 0, 0, NULL, NULL, "/dev/ttyS0", 115200,
    "com:port=/dev/ttyS0,baud=115200" },
  { "com:port=/dev/ttyUSB0,baud=9600", TETHER_TRANSPORT_COM, NULL, 0, 0, NULL, NULL,
    "/dev/ttyUSB0", 9600, "com:port=/dev/ttyUSB0,baud=9600" },
  { "COM:BAUD=4000000,PORT=/dev/ttyACM0", TETHER_TRANSPORT_COM, NULL, 0, 0, NULL, NULL,
    "/dev/ttyACM0", 4000000, "com:port=/dev/ttyACM0,baud=4000000" },
  { "com:port=/dev/ttyS1,baud=50", TETHER_TRANSPORT_COM, NULL, 0, 0, NULL, NULL, "/dev/ttyS1", 50,
    "com:port=/dev/ttyS1,baud=50" },
  { "com:port=\"/dev/serial/by-id/usb-FTDI,x\",baud=921600", TETHER_TRANSPORT_COM, NULL, 0, 0,
    NULL, NULL, "/dev/serial/by-id/usb-FTDI,x", 921600,
    "com:port=\"/dev/serial/by-id/usb-FTDI,x\",baud=921600" },
};

typedef struct
{
  const char *input;
  const char *names[3];  /* what the message must name besides the input: key, value, advice */
} ErrorCase;

static const ErrorCase error_cases[] = {
  /* the shape of the string */
  { "", { "empty" } },
  { "   ", { "empty" } },
  { "tcp", { "“:”", "tcp, ssh, ssl, local or com" } },
  { "server=h,port=1", { "“:”" } },
  { ":server=h,port=1", { "transport" } },
  { "server=::1,port=1", { "transport" } },
  { "udp:server=h,port=1", { "“udp”", "tcp, ssh, ssl, local and com" } },
  { "localhost:port=1", { "“localhost”", "tcp, ssh, ssl, local and com" } },
  { "tcp:server=h,port=1,", { "“,”" } },
  { "tcp:server=h,,port=1", { "empty item" } },
  { "tcp:,server=h,port=1", { "empty item" } },
  { "tcp:server", { "“server”", "server=VALUE" } },
  { "tcp:server=h,port", { "“port”", "port=VALUE" } },
  { "tcp:=h,port=1", { "no key" } },
  /* unknown and repeated keys */
  { "tcp:server=h,port=1,foo=2", { "“foo”", "server, clicon, port, ipversion" } },
  { "tcp:server=h,port=1,user=dev", { "“user”", "server, clicon, port, ipversion" } },
  { "local:host=x", { "“host”", "gdbserver" } },
  { "com:host=x,port=/dev/ttyS0", { "“host”", "port, baud" } },
  { "ssh:host=a,baud=9600", { "“baud”", "host, user, port, gdbserver, identity, config" } },
  { "tcp:server=h,port=1,port=2", { "“port”", "twice" } },
  { "tcp:server=h,Port=1,PORT=2", { "“port”", "twice" } },
  { "tcp:server=h,server=g,port=1", { "“server”", "twice" } },
  { "local:gdbserver=a,gdbserver=b", { "“gdbserver”", "twice" } },
  /* empty values and quoting */
  { "tcp:server=,port=1", { "“server”", "empty" } },
  { "tcp:server=h,port=\"\"", { "“port”", "empty" } },
  { "ssh:host=h,user=  ", { "“user”", "empty" } },
  { "local:gdbserver=", { "“gdbserver”", "empty" } },
  { "local:gdbserver=\"/opt/x", { "“gdbserver”", "closing quote" } },
  { "local:gdbserver=\"/opt/x\"\"", { "“gdbserver”", "closing quote" } },
  { "local:gdbserver=\"/opt\"x", { "“gdbserver”", "closing quote" } },
  { "local:gdbserver=/opt/a\"b", { "“gdbserver”", "quote" } },
  { "local:gdbserver=/a=b", { "“gdbserver”", "“=”" } },
  { "tcp:server=h port=1", { "“server”", "“=”" } },
  { "local:gdbserver=\"a\tb\"", { "“gdbserver”", "control character" } },
  { "ssh:host=h,user=\"a\x01\"", { "“user”", "control character" } },
  /* missing and conflicting keys */
  { "tcp:", { "server=HOST", "clicon=HOST" } },
  { "tcp:port=1", { "server=HOST", "clicon=HOST" } },
  { "tcp:server=h", { "port=PORT" } },
  { "tcp:clicon=h", { "port=PORT" } },
  { "tcp:server=h,clicon=g,port=1", { "server", "clicon" } },
  { "tcp:clicon=g,server=h,port=1", { "server", "clicon" } },
  { "ssh:", { "host=HOST" } },
  { "ssh:user=dev,port=22", { "host=HOST" } },
  { "com:", { "port=DEVICE" } },
  { "com:baud=9600", { "port=DEVICE" } },
  /* ports */
  { "tcp:server=h,port=99999", { "port “99999”", "1 to 65535" } },
  { "tcp:server=h,port=65536", { "port “65536”", "1 to 65535" } },
  { "tcp:server=h,port=0", { "port “0”", "1 to 65535" } },
  { "tcp:server=h,port=-1", { "port “-1”", "1 to 65535" } },
  { "tcp:server=h,port=+1", { "port “+1”", "1 to 65535" } },
  { "tcp:server=h,port=12a", { "port “12a”", "1 to 65535" } },
  { "tcp:server=h,port=1 2", { "port “1 2”", "1 to 65535" } },
  { "tcp:server=h,port=0x10", { "port “0x10”", "1 to 65535" } },
  { "tcp:server=h,port=99999999999999999999999", { "port “99999999999999999999999”" } },
  { "ssh:host=h,port=70000", { "port “70000”", "1 to 65535" } },
  { "tcp:server=h,port=２３", { "port “２３”", "1 to 65535" } },
  /* ipversion */
  { "tcp:server=h,port=1,ipversion=5", { "ipversion “5”", "4 or 6" } },
  { "tcp:server=h,port=1,ipversion=v6", { "ipversion “v6”", "4 or 6" } },
  { "tcp:server=h,port=1,ipversion=04", { "ipversion “04”", "4 or 6" } },
  { "tcp:server=::1,port=1,ipversion=4", { "ipversion", "“::1”" } },
  { "tcp:server=10.0.0.1,port=1,ipversion=6", { "ipversion", "“10.0.0.1”" } },
  /* baud */
  { "com:port=/dev/ttyS0,baud=1234", { "baud “1234”", "115200" } },
  { "com:port=/dev/ttyS0,baud=0", { "baud “0”", "9600" } },
  { "com:port=/dev/ttyS0,baud=-9600", { "baud “-9600”", "9600" } },
  { "com:port=/dev/ttyS0,baud=fast", { "baud “fast”", "9600" } },
  { "com:port=/dev/ttyS0,baud=4000001", { "baud “4000001”", "4000000" } },
  { "com:port=/dev/ttyS0,baud=99999999999999999999", { "baud “99999999999999999999”" } },
  /* com device */
  { "com:port=ttyS0", { "port “ttyS0”", "absolute" } },
  { "com:port=COM1,baud=9600", { "port “COM1”", "/dev/ttyS0" } },
  /* hosts */
  { "tcp:server=bad host,port=1", { "server “bad host”", "host name" } },
  { "tcp:server=-oProxyCommand,port=1", { "server “-oProxyCommand”", "“-”" } },
  { "tcp:clicon=-x,port=1", { "clicon “-x”", "“-”" } },
  { "ssh:host=\"-oProxyCommand=touch /tmp/x\"", { "host “-oProxyCommand=touch /tmp/x”", "“-”" } },
  { "ssh:host=-lroot", { "host “-lroot”", "“-”" } },
  { "ssh:host=dev@build-box", { "host “dev@build-box”", "user=" } },
  { "tcp:server=a@b,port=1", { "server “a@b”", "“@”" } },
  { "tcp:server=[::1,port=1", { "server “[::1”", "brackets" } },
  { "tcp:server=::1],port=1", { "server “::1]”", "brackets" } },
  { "tcp:server=[],port=1", { "server “[]”", "IPv6" } },
  { "tcp:server=[build-box],port=1", { "server “[build-box]”", "IPv6" } },
  { "tcp:server=[10.0.0.1],port=1", { "server “[10.0.0.1]”", "IPv6" } },
  { "tcp:server=::g,port=1", { "server “::g”", "IPv6" } },
  { "tcp:server=h:2345", { "server “h:2345”", "port=" } },
  { "tcp:server=fe80::1%,port=1", { "server “fe80::1%”", "IPv6" } },
  { "tcp:server=fe80::1%a/b,port=1", { "server “fe80::1%a/b”", "IPv6" } },
  { "tcp:server=10.0.0.256,port=1", { "server “10.0.0.256”", "host name" } },
  { "tcp:server=127.1,port=1", { "server “127.1”", "host name" } },
  { "tcp:server=12345,port=1", { "server “12345”", "host name" } },
  { "tcp:server=a..b,port=1", { "server “a..b”", "host name" } },
  { "tcp:server=.a,port=1", { "server “.a”", "host name" } },
  { "tcp:server=a..,port=1", { "server “a..”", "host name" } },
  { "tcp:server=.,port=1", { "server “.”", "host name" } },
  { "tcp:server=a-.b,port=1", { "server “a-.b”", "host name" } },
  { "tcp:server=a.-b,port=1", { "server “a.-b”", "host name" } },
  { "tcp:server=a/b,port=1", { "server “a/b”", "host name" } },
  { "tcp:server=a*,port=1", { "server “a*”", "host name" } },
  { "tcp:server=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.b,port=1",
    { "server “aaaa", "host name" } },
  /* ssh user and gdbserver */
  { "ssh:host=h,user=a b", { "user “a b”", "whitespace" } },
  { "ssh:host=h,user=\"a\tb\"", { "“user”", "control character" } },
  { "ssh:host=h,user=-oProxyCommand", { "user “-oProxyCommand”", "“-”" } },
  { "ssh:host=h,user=dev@other", { "user “dev@other”", "“@”" } },
  { "ssh:host=h,gdbserver=\"   \"", { "gdbserver “   ”", "blank" } },
  { "ssh:host=h,gdbserver=-x", { "gdbserver “-x”", "“-”" } },
  { "local:gdbserver=--help", { "gdbserver “--help”", "“-”" } },
  /* ssh identity and config: paths only */
  { "ssh:host=h,identity=id_ed25519", { "identity “id_ed25519”", "absolute path" } },
  { "ssh:host=h,identity=./key", { "identity “./key”", "identity=~/.ssh/id_ed25519" } },
  { "ssh:host=h,identity=~dev/key", { "identity “~dev/key”", "absolute path" } },
  { "ssh:host=h,identity=\"-----BEGIN OPENSSH PRIVATE KEY-----\"",
    { "identity “-----BEGIN", "not its contents" } },
  { "ssh:host=h,identity=\"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n\"",
    { "“identity”", "control character" } },
  { "ssh:host=h,config=ssh_config", { "config “ssh_config”", "config=~/.ssh/config" } },
  { "ssh:host=h,config=-oProxyCommand", { "config “-oProxyCommand”", "“-”" } },
  { "ssh:host=h,identity=/a,identity=/b", { "“identity”", "twice" } },
  { "ssh:host=h,password=hunter2", { "“password”", "host, user, port, gdbserver, identity" } },
  { "ssh:host=h,cafile=/x", { "“cafile”", "identity, config" } },
  { "tcp:server=h,port=1,identity=/k", { "“identity”", "server, clicon, port, ipversion" } },
  { "local:identity=/k", { "“identity”", "gdbserver" } },
  /* ssl */
  { "ssl:", { "server=HOST" } },
  { "ssl:port=1", { "server=HOST" } },
  { "ssl:server=h", { "port=PORT" } },
  { "ssl:server=h,port=0", { "port “0”", "1 to 65535" } },
  { "ssl:clicon=h,port=1", { "“clicon”", "server, port, cafile, pin" } },
  { "ssl:server=h,port=1,ipversion=4", { "“ipversion”", "server, port, cafile, pin" } },
  { "ssl:server=h,port=1,password=x", { "“password”", "server, port, cafile, pin" } },
  { "ssl:server=h,port=1,identity=/k", { "“identity”", "cafile, pin" } },
  { "ssl:server=-x,port=1", { "server “-x”", "“-”" } },
  { "ssl:server=h,port=1,cafile=ca.pem", { "cafile “ca.pem”", "absolute path" } },
  { "ssl:server=h,port=1,cafile=", { "“cafile”", "empty" } },
  { "ssl:server=h,port=1,pin=", { "“pin”", "empty" } },
  { "ssl:server=h,port=1,pin=abc", { "pin “abc”", "64 hexadecimal digits" } },
  { "ssl:server=h,port=1,pin="
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
    { "pin “0123", "64 hexadecimal digits" } },
  { "ssl:server=h,port=1,pin="
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
    { "pin “0123", "64 hexadecimal digits" } },
  { "ssl:server=h,port=1,pin="
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
    { "pin “0123", "sha256:" } },
  { "ssl:server=h,port=1,pin=sha1:0123456789abcdef0123456789abcdef01234567",
    { "pin “sha1:", "fingerprint -sha256" } },
  { "ssl:server=h,port=1,pin=01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:"
    "CD:EF:01:23:45:67:89:AB:CD:EF:", { "pin “01:23", "colons" } },
  { "ssl:server=h,port=1,pin=0:123:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:"
    "CD:EF:01:23:45:67:89:AB:CD:EF", { "pin “0:123", "colons" } },
  { "ssl:server=h,port=1,pin=sha256:sha256:0123456789abcdef0123456789abcdef0123456789abcdef01"
    "23456789abcdef", { "pin “sha256:sha256:", "64" } },
};

/* The keys of the secure transports, each with the values it must give and its canonical form. */
typedef struct
{
  const char          *input;
  TetherTransportKind  transport;
  const char          *identity;
  const char          *ssh_config;
  const char          *cafile;
  const char          *pin;
  const char          *canonical;
} SecureCase;

#define PIN_HEX "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define PIN_COLONS "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:" \
                   "01:23:45:67:89:AB:CD:EF"

static const SecureCase secure_cases[] = {
  { "ssh:host=h,identity=/home/dev/.ssh/id_ed25519", TETHER_TRANSPORT_SSH,
    "/home/dev/.ssh/id_ed25519", NULL, NULL, NULL,
    "ssh:host=h,identity=/home/dev/.ssh/id_ed25519" },
  { "ssh:config=~/.ssh/lab config,Identity=~/.ssh/lab,host=h,user=dev", TETHER_TRANSPORT_SSH,
    "~/.ssh/lab", "~/.ssh/lab config", NULL, NULL,
    "ssh:host=h,user=dev,identity=~/.ssh/lab,config=~/.ssh/lab config" },
  { "ssh:host=h,identity=\"/keys/a,b=c\"", TETHER_TRANSPORT_SSH, "/keys/a,b=c", NULL, NULL, NULL,
    "ssh:host=h,identity=\"/keys/a,b=c\"" },
  { "ssl:server=build-box,port=2345", TETHER_TRANSPORT_SSL, NULL, NULL, NULL, NULL,
    "ssl:server=build-box,port=2345" },
  { "SSL:Port=2345,Server=[::1],CAFile=/etc/tether/ca.pem", TETHER_TRANSPORT_SSL, NULL, NULL,
    "/etc/tether/ca.pem", NULL, "ssl:server=::1,port=2345,cafile=/etc/tether/ca.pem" },
  { "ssl:server=h,port=1,pin=" PIN_HEX, TETHER_TRANSPORT_SSL, NULL, NULL, NULL, PIN_HEX,
    "ssl:server=h,port=1,pin=" PIN_HEX },
  { "ssl:server=h,port=1,pin=" PIN_COLONS, TETHER_TRANSPORT_SSL, NULL, NULL, NULL, PIN_HEX,
    "ssl:server=h,port=1,pin=" PIN_HEX },
  { "ssl:server=h,port=1,pin=SHA256:" PIN_COLONS ",cafile=~/ca.pem", TETHER_TRANSPORT_SSL, NULL,
    NULL, "~/ca.pem", PIN_HEX, "ssl:server=h,port=1,cafile=~/ca.pem,pin=" PIN_HEX },
  { "ssl:server=h,port=1,pin=\"sha256:" PIN_HEX "\"", TETHER_TRANSPORT_SSL, NULL, NULL, NULL,
    PIN_HEX, "ssl:server=h,port=1,pin=" PIN_HEX },
};

static void
assert_options (TetherOptions   *o,
                const ValidCase *c)
{
  g_assert_cmpint (tether_options_get_transport (o), ==, c->transport);
  g_assert_cmpstr (tether_options_get_host (o), ==, c->host);
  g_assert_cmpuint (tether_options_get_port (o), ==, c->port);
  g_assert_cmpuint (tether_options_get_ip_version (o), ==, c->ip_version);
  g_assert_cmpstr (tether_options_get_user (o), ==, c->user);
  g_assert_cmpstr (tether_options_get_gdbserver (o), ==, c->gdbserver);
  g_assert_cmpstr (tether_options_get_device (o), ==, c->device);
  g_assert_cmpuint (tether_options_get_baud (o), ==, c->baud);
}

static void
assert_equal (TetherOptions *a,
              TetherOptions *b)
{
  g_assert_cmpint (tether_options_get_transport (a), ==, tether_options_get_transport (b));
  g_assert_cmpstr (tether_options_get_host (a), ==, tether_options_get_host (b));
  g_assert_cmpuint (tether_options_get_port (a), ==, tether_options_get_port (b));
  g_assert_cmpuint (tether_options_get_ip_version (a), ==, tether_options_get_ip_version (b));
  g_assert_cmpstr (tether_options_get_user (a), ==, tether_options_get_user (b));
  g_assert_cmpstr (tether_options_get_gdbserver (a), ==, tether_options_get_gdbserver (b));
  g_assert_cmpstr (tether_options_get_device (a), ==, tether_options_get_device (b));
  g_assert_cmpuint (tether_options_get_baud (a), ==, tether_options_get_baud (b));
  g_assert_cmpstr (tether_options_get_identity (a), ==, tether_options_get_identity (b));
  g_assert_cmpstr (tether_options_get_ssh_config (a), ==, tether_options_get_ssh_config (b));
  g_assert_cmpstr (tether_options_get_cafile (a), ==, tether_options_get_cafile (b));
  g_assert_cmpstr (tether_options_get_pin (a), ==, tether_options_get_pin (b));
  g_assert_cmpint (tether_options_get_server_kind (a), ==, tether_options_get_server_kind (b));
  g_assert_cmpstr (tether_options_get_lldbserver (a), ==, tether_options_get_lldbserver (b));
}

/* to_string() parses back to an equal value and is a fixed point. */
static void
assert_round_trip (TetherOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherOptions) again = NULL;
  g_autofree char *canonical = tether_options_to_string (o);
  g_autofree char *canonical2 = NULL;

  again = tether_options_parse (canonical, &error);
  if (again == NULL)
    g_error ("canonical string %s does not parse: %s", canonical, error->message);
  assert_equal (o, again);
  canonical2 = tether_options_to_string (again);
  g_assert_cmpstr (canonical, ==, canonical2);
}

static void
test_valid_forms (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      const ValidCase *c = &valid_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(TetherOptions) o = NULL;
      g_autofree char *canonical = NULL;

      g_test_message ("valid: %s", c->input);
      o = tether_options_parse (c->input, &error);
      g_assert_no_error (error);
      g_assert_nonnull (o);
      assert_options (o, c);
      canonical = tether_options_to_string (o);
      g_assert_cmpstr (canonical, ==, c->canonical);
    }
}

static void
test_secure_keys (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (secure_cases); i++)
    {
      const SecureCase *c = &secure_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(TetherOptions) o = NULL;
      g_autofree char *canonical = NULL;

      g_test_message ("secure: %s", c->input);
      o = tether_options_parse (c->input, &error);
      g_assert_no_error (error);
      g_assert_cmpint (tether_options_get_transport (o), ==, c->transport);
      g_assert_cmpstr (tether_options_get_identity (o), ==, c->identity);
      g_assert_cmpstr (tether_options_get_ssh_config (o), ==, c->ssh_config);
      g_assert_cmpstr (tether_options_get_cafile (o), ==, c->cafile);
      g_assert_cmpstr (tether_options_get_pin (o), ==, c->pin);
      canonical = tether_options_to_string (o);
      g_assert_cmpstr (canonical, ==, c->canonical);
      assert_round_trip (o);
    }
}

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(TetherOptions) o = NULL;
      g_autofree char *quoted = g_strdup_printf ("“%s”", c->input);

      g_test_message ("invalid: %s", c->input);
      o = tether_options_parse (c->input, &error);
      g_assert_null (o);
      g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_OPTIONS);
      g_test_message ("  -> %s", error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (g_str_has_prefix (error->message, "Invalid connection string “"));
      g_assert_nonnull (strstr (error->message, quoted));
      for (guint j = 0; j < G_N_ELEMENTS (c->names) && c->names[j] != NULL; j++)
        if (strstr (error->message, c->names[j]) == NULL)
          g_error ("message for %s does not name %s: %s", c->input, c->names[j], error->message);
    }
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherOptions) o = tether_options_parse ("tcp:server=\xff\xfe,port=1", &error);

  g_assert_null (o);
  g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_OPTIONS);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "tcp:server="));
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

static void
test_null_string (void)
{
  g_autoptr(GError) error = NULL;
  TetherOptions *o;

  g_test_expect_message ("Tether", G_LOG_LEVEL_CRITICAL, "*string != NULL*");
  o = tether_options_parse (NULL, &error);
  g_test_assert_expected_messages ();
  g_assert_null (o);
  g_assert_no_error (error);
}

static void
test_round_trip_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr(TetherOptions) o = tether_options_parse (valid_cases[i].input, NULL);

      g_assert_nonnull (o);
      assert_round_trip (o);
    }
}

/* Quotes a value by the documented rule, independently of the code under test. */
static char *
quote_value (const char *value)
{
  g_autoptr(GString) s = g_string_new ("\"");

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Random gdbserver paths full of the characters the syntax cares about: written quoted, they
 * parse to themselves; and to_string() round-trips them, quoting exactly when needed. */
static void
test_round_trip_quoting (void)
{
  static const char alphabet[] = "ab/ ,=\":[]%@.-_é";
  GRand *rand = g_rand_new_with_seed (4242);

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GString) path = g_string_new ("/");
      g_autoptr(GError) error = NULL;
      g_autoptr(TetherOptions) o = NULL;
      g_autofree char *quoted = NULL;
      g_autofree char *input = NULL;
      g_autofree char *canonical = NULL;
      guint len = g_rand_int_range (rand, 0, 12);

      for (guint j = 0; j < len; j++)
        {
          /* é is two bytes: take it whole */
          guint k = g_rand_int_range (rand, 0, 16);

          if (k == 15)
            g_string_append (path, "é");
          else
            g_string_append_c (path, alphabet[k]);
        }

      quoted = quote_value (path->str);
      if (i % 2 == 0)
        input = g_strconcat ("local:gdbserver=", quoted, NULL);
      else
        input = g_strconcat ("ssh:host=h,gdbserver=", quoted, ",user=u", NULL);
      o = tether_options_parse (input, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (tether_options_get_gdbserver (o), ==, path->str);
      assert_round_trip (o);

      canonical = tether_options_to_string (o);
      if (strpbrk (path->str, ",=\"") == NULL && !g_ascii_isspace (path->str[path->len - 1]))
        g_assert_null (strchr (canonical, '"'));
      else
        g_assert_nonnull (strstr (canonical, quoted));
    }

  g_rand_free (rand);
}

/* Fuzzing: mutations of valid and invalid strings (and some noise) never crash; each either parses,
 * then round-trips and describes itself, or fails with INVALID_OPTIONS and a readable message. The
 * GRand has a fixed seed so that any failure reproduces; with -m thorough a further run uses
 * g_test_rand (its seed is printed and can be given back with --seed). */
static const char fuzz_alphabet[] = "tcpsshlocalcomserverclicondportusergdbbaudipversion=,:\"[] "
                                    "\t.-/@%_0123456789abcdef:";

/* A transport and a few key=value pairs drawn from plausible and implausible pieces: mostly keys
 * of that transport with values of the right kind, so that a good share parse. */
static char *
fuzz_structured (GRand *rand)
{
  static const struct
  {
    const char *transport;
    const char *keys[5];
  } shapes[] = {
    { "tcp", { "server", "port", "ipversion", "clicon" } },
    { "TCP", { "clicon", "Port", "ipversion" } },
    { "ssh", { "host", "user", "port", "gdbserver" } },
    { "local", { "gdbserver" } },
    { "com", { "port", "baud" } },
    { "ssl", { "server", "port", "cafile", "pin" } },
    { "ssh", { "host", "identity", "config", "user" } },
  };
  static const char * const hosts[] = {
    "h", "build-box", "localhost", "127.0.0.1", "::1", "[::1]", "fe80::1%eth0", "10.0.0.7",
    "\"lab.example\"", "bücher.example", "10.0.0.256", "a@b", "-x", "[h]",
  };
  static const char * const numbers[] = { "2345", "1", "65535", "4", "6", "9600", "0", "65536" };
  static const char * const words[] = {
    "dev", "/opt/gdbserver", "/dev/ttyS0", "\"/opt/a,b=c\"", "\"\"\"\"", " spaced ", "gdbserver",
    "/dev/ttyUSB0", "\"open", "", "-x", "a b", "~/.ssh/id", "/etc/ca.pem", PIN_HEX, PIN_COLONS,
    "sha256:" PIN_HEX, "sha256:", "ab:cd",
  };
  guint shape = g_rand_int_range (rand, 0, G_N_ELEMENTS (shapes));
  GString *s = g_string_new (shapes[shape].transport);
  guint n_keys = 0;

  while (n_keys < G_N_ELEMENTS (shapes[shape].keys) && shapes[shape].keys[n_keys] != NULL)
    n_keys++;

  g_string_append_c (s, ':');
  for (guint i = 0; i < n_keys; i++)
    {
      const char *key = shapes[shape].keys[i];
      const char *value;

      if (g_rand_int_range (rand, 0, 3) == 0)
        continue;
      if (strcmp (key, "server") == 0 || strcmp (key, "clicon") == 0 ||
          strcmp (key, "host") == 0)
        value = hosts[g_rand_int_range (rand, 0, G_N_ELEMENTS (hosts))];
      else if (g_ascii_strcasecmp (key, "port") == 0 && shape == 4)
        value = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      else if (g_ascii_strcasecmp (key, "port") == 0 || strcmp (key, "ipversion") == 0 ||
               strcmp (key, "baud") == 0)
        value = numbers[g_rand_int_range (rand, 0, G_N_ELEMENTS (numbers))];
      else
        value = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      g_string_append_printf (s, "%s%s=%s", s->str[s->len - 1] == ':' ? "" : ",", key, value);
    }
  return g_string_free (s, FALSE);
}

static char *
fuzz_input (GRand *rand)
{
  g_autoptr(GString) s = NULL;
  guint mutations;

  if (g_rand_int_range (rand, 0, 3) == 0)
    return fuzz_structured (rand);

  if (g_rand_int_range (rand, 0, 20) == 0)
    {
      guint len = g_rand_int_range (rand, 0, 40);

      s = g_string_new (NULL);
      for (guint i = 0; i < len; i++)
        g_string_append_c (s, (char) g_rand_int_range (rand, 1, 256));
      return g_string_free (g_steal_pointer (&s), FALSE);
    }

  if (g_rand_boolean (rand))
    s = g_string_new (valid_cases[g_rand_int_range (rand, 0, G_N_ELEMENTS (valid_cases))].input);
  else
    s = g_string_new (error_cases[g_rand_int_range (rand, 0, G_N_ELEMENTS (error_cases))].input);

  mutations = g_rand_boolean (rand) ? 1 : g_rand_int_range (rand, 2, 5);
  for (guint m = 0; m < mutations; m++)
    {
      guint pos = s->len > 0 ? g_rand_int_range (rand, 0, s->len) : 0;
      char c = g_rand_int_range (rand, 0, 10) == 0
               ? (char) g_rand_int_range (rand, 1, 256)
               : fuzz_alphabet[g_rand_int_range (rand, 0, sizeof fuzz_alphabet - 1)];

      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0:
          g_string_insert_c (s, pos, c);
          break;
        case 1:
          if (s->len > 0)
            g_string_erase (s, pos, 1);
          break;
        case 2:
          if (s->len > 0)
            s->str[pos] = c;
          else
            g_string_append_c (s, c);
          break;
        case 3:
          /* splice in a piece of another case */
          {
            const char *other = valid_cases[g_rand_int_range (rand, 0,
                                                              G_N_ELEMENTS (valid_cases))].input;
            gsize olen = strlen (other);
            gsize start = olen > 0 ? g_rand_int_range (rand, 0, olen) : 0;
            gsize n = g_rand_int_range (rand, 0, olen - start + 1);

            g_string_insert_len (s, pos, other + start, n);
          }
          break;
        default:
          if (s->len > 0)
            g_string_truncate (s, pos);
          break;
        }
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
fuzz_one (const char *input,
          guint      *parsed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TetherOptions) o = tether_options_parse (input, &error);

  if (o == NULL)
    {
      g_assert_error (error, TETHER_ERROR, TETHER_ERROR_INVALID_OPTIONS);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (g_str_has_prefix (error->message, "Invalid connection string “"));
      return;
    }

  g_assert_no_error (error);
  (*parsed)++;
  assert_round_trip (o);
  {
    g_autofree char *description = tether_options_describe (o);

    g_assert_true (g_utf8_validate (description, -1, NULL));
  }
  if (tether_options_is_unauthenticated_network (o))
    g_assert_false (tether_options_is_loopback (o));
}

static void
fuzz_run (GRand *rand,
          guint  iterations)
{
  guint parsed = 0;

  for (guint i = 0; i < iterations; i++)
    {
      g_autofree char *input = fuzz_input (rand);

      fuzz_one (input, &parsed);
    }

  g_test_message ("fuzz: %u of %u inputs parsed", parsed, iterations);
  /* the mutations must keep some inputs valid, or the round-trip half tests nothing */
  g_assert_cmpuint (parsed, >, iterations / 50);
  g_assert_cmpuint (parsed, <, iterations);
}

static void
test_fuzz (void)
{
  GRand *rand = g_rand_new_with_seed (20240611);

  fuzz_run (rand, 20000);
  g_rand_free (rand);

  if (g_test_thorough ())
    {
      rand = g_rand_new_with_seed (g_test_rand_int ());
      fuzz_run (rand, 500000);
      g_rand_free (rand);
    }
}

/* kind= forces the server kind on every transport; lldbserver= implies kind=lldb on local:. */
static void
test_server_kind (void)
{
  static const struct
  {
    const char       *input;
    TetherServerKind  kind;
    const char       *lldbserver;
    const char       *canonical;
  } cases[] = {
    { "tcp:server=h,port=1", TETHER_SERVER_KIND_AUTO, NULL, "tcp:server=h,port=1" },
    { "tcp:server=h,port=1,kind=lldb", TETHER_SERVER_KIND_LLDB, NULL,
      "tcp:server=h,port=1,kind=lldb" },
    { "tcp:kind=GDBSERVER,server=h,port=1", TETHER_SERVER_KIND_GDBSERVER, NULL,
      "tcp:server=h,port=1,kind=gdbserver" },
    { "local:kind=lldb", TETHER_SERVER_KIND_LLDB, NULL, "local:kind=lldb" },
    { "local:lldbserver=/opt/lldb-server-14", TETHER_SERVER_KIND_LLDB, "/opt/lldb-server-14",
      "local:lldbserver=/opt/lldb-server-14" },
    { "ssh:host=h,kind=gdbserver", TETHER_SERVER_KIND_GDBSERVER, NULL,
      "ssh:host=h,kind=gdbserver" },
    { "com:port=/dev/ttyS0,kind=lldb", TETHER_SERVER_KIND_LLDB, NULL,
      "com:port=/dev/ttyS0,baud=115200,kind=lldb" },
  };
  static const struct
  {
    const char *input;
    const char *fragment;
  } errors[] = {
    { "local:kind=lldb-server", "kind “lldb-server” is not gdbserver or lldb" },
    { "local:kind=lldb,gdbserver=/usr/bin/gdbserver", "use lldbserver=PATH" },
    { "local:kind=gdbserver,lldbserver=/usr/bin/lldb-server", "use gdbserver=PATH" },
    { "local:lldbserver=-x", "lldbserver “-x” starts with “-”" },
    { "tcp:server=h,port=1,lldbserver=/x", "unknown key “lldbserver” for tcp" },
    { "ssh:host=h,kind=lldb", "kind=lldb cannot run over ssh" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TetherOptions) o = tether_options_parse (cases[i].input, &error);
      g_autofree char *canonical = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (tether_options_get_server_kind (o), ==, cases[i].kind);
      g_assert_cmpstr (tether_options_get_lldbserver (o), ==, cases[i].lldbserver);
      canonical = tether_options_to_string (o);
      g_assert_cmpstr (canonical, ==, cases[i].canonical);
      assert_round_trip (o);
    }

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TetherOptions) o = tether_options_parse (errors[i].input, &error);

      g_assert_null (o);
      g_assert_nonnull (error);
      if (strstr (error->message, errors[i].fragment) == NULL)
        g_error ("%s: “%s” lacks “%s”", errors[i].input, error->message, errors[i].fragment);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/options/valid-forms", test_valid_forms);
  g_test_add_func ("/options/errors", test_errors);
  g_test_add_func ("/options/secure-keys", test_secure_keys);
  g_test_add_func ("/options/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/options/null-string", test_null_string);
  g_test_add_func ("/options/round-trip/table", test_round_trip_table);
  g_test_add_func ("/options/round-trip/quoting", test_round_trip_quoting);
  g_test_add_func ("/options/fuzz", test_fuzz);
  g_test_add_func ("/options/server-kind", test_server_kind);

  return g_test_run ();
}
