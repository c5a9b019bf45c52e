"""``python -m yimei.notify.fakes --port 18090``: the fake Aliyun/Tencent/WeChat servers in the foreground."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from yimei.notify.fakes import ALIYUN_KEYS, TENCENT_KEYS, WECHAT_APPS, FakeProviders


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake SMS and WeChat provider servers for tests and benchmarks")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=18090)
    parser.add_argument("--token-expires-in", type=int, default=7200)
    args = parser.parse_args()
    fake = FakeProviders(args.host, args.port, token_expires_in=args.token_expires_in).start()
    sys.stdout.write(f"fake providers on {fake.url}: Aliyun {fake.aliyun_url}, Tencent {fake.tencent_url}, "
                     f"WeChat {fake.url}\n  Aliyun key {next(iter(ALIYUN_KEYS))}, Tencent SecretId "
                     f"{next(iter(TENCENT_KEYS))}, WeChat appid {next(iter(WECHAT_APPS))}\n")
    sys.stdout.flush()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    fake.stop()


if __name__ == "__main__":
    main()
