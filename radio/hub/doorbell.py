"""The hub's doorbell over MQTT: the hub rings a station ("pull now", or an emergency order itself), and a
station announces its presence with a last will. A ring only hurries what the poll does anyway, so a lost
ring, a broker down or no broker at all costs time, never content.

Topics (QoS 1):  radio/<station>/ring, radio/all/ring   {id, expires_at, change?}   hub -> stations
                 radio/<station>/presence               "online" | "offline" (retained; the last will)
A ring carries an id and an expiry: a duplicate (QoS 1 delivers at least once) or a stale ring is ignored.
"""
from __future__ import annotations

import datetime as dt
import json
import threading
import time
from typing import Callable

RING_TTL = dt.timedelta(minutes=10)
WATCH_EVERY_S = 0.1  # how often the hub looks for new changes to ring about (one indexed query)


def parse_broker(value: str) -> tuple[str, int]:
    host, _, port = value.strip().rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"địa chỉ MQTT '{value}' không hợp lệ; viết dạng 127.0.0.1:1883.")
    return host, int(port)


def _client(name: str):
    import paho.mqtt.client as mqtt
    client = mqtt.Client(callback_api_version=mqtt.CallbackAPIVersion.VERSION2, client_id=name,
                         clean_session=False)  # QoS 1 rings queued by the broker while a station reconnects
    client.reconnect_delay_set(1, 30)
    return client


class HubBell:
    """In `radio hub run`: watches the store's change log and rings the targets of each new change, whoever
    made it (the CLI, a page, the source system). Records each station's presence."""

    def __init__(self, store, broker: str, say: Callable[[str], None]):
        self.store = store
        self.host, self.port = parse_broker(broker)
        self.say = say
        self._stop = threading.Event()
        self._client = _client(f"radio-hub-{id(self)}")
        self._client.on_connect = self._connected
        self._client.on_message = self._presence
        self._thread = threading.Thread(target=self._watch, name="hub-bell", daemon=True)
        self._connected_once = False

    def start(self) -> None:
        self._client.connect_async(self.host, self.port, keepalive=30)
        self._client.loop_start()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._client.loop_stop()
        self._client.disconnect()

    def _connected(self, client, userdata, flags, reason_code, properties=None) -> None:
        if not reason_code.is_failure:
            client.subscribe("radio/+/presence", qos=1)
            if not self._connected_once:
                self.say(f"Chuông MQTT: đã nối {self.host}:{self.port}; các đài nhận tin ngay khi có.")
                self._connected_once = True

    def _presence(self, client, userdata, message) -> None:
        station = message.topic.split("/")[1]
        online = message.payload.decode("utf-8", "replace") == "online"
        try:
            self.store.presence(station, online)
        except Exception as error:  # noqa: BLE001 - a presence note lost is not worth stopping the bell
            self.say(f"Không ghi được tình trạng kết nối của đài {station}: {error}")

    def _watch(self) -> None:
        last = self.store.newest_change()
        while not self._stop.wait(WATCH_EVERY_S):
            try:
                for change in self.store.changes_after(last):
                    self.ring(change)
                    last = change["seq"]
            except Exception as error:  # noqa: BLE001 - the store restarting: the poll covers meanwhile
                self.say(f"Chuông MQTT tạm ngừng ({type(error).__name__}); các đài vẫn tự hỏi định kỳ.")
                self._stop.wait(2)

    def ring(self, change: dict) -> None:
        now = dt.datetime.now(dt.timezone.utc)
        payload = {"id": f"c{change['seq']}", "expires_at": (now + RING_TTL).isoformat(timespec="seconds")}
        if change["kind"] == "emergency":  # the order itself: no round trip before it airs
            payload["change"] = {key: change[key] for key in ("seq", "kind", "subject", "body")}
            payload["expires_at"] = change["body"]["expires_at"]
        data = json.dumps(payload, ensure_ascii=False)
        for station in change["targets"] or ["all"]:
            self._client.publish(f"radio/{station}/ring", data, qos=1)


class StationBell:
    """Beside a station's uplink: rings wake it (an emergency order is applied straight away), and its
    presence is announced, with "offline" left as its last will."""

    def __init__(self, broker: str, station: str, on_ring: Callable[[dict], None]):
        self.broker = broker
        self.host, self.port = parse_broker(broker)
        self.station = station
        self.on_ring = on_ring
        self._seen: dict[str, float] = {}
        self._client = _client(f"radio-station-{station}")
        self._client.will_set(self._topic("presence"), "offline", qos=1, retain=True)
        self._client.on_connect = self._connected
        self._client.on_message = self._rang

    def _topic(self, what: str) -> str:
        return f"radio/{self.station}/{what}"

    def start(self) -> None:
        self._client.connect_async(self.host, self.port, keepalive=30)
        self._client.loop_start()

    def stop(self) -> None:
        self._client.publish(self._topic("presence"), "offline", qos=1, retain=True)
        self._client.loop_stop()
        self._client.disconnect()

    def _connected(self, client, userdata, flags, reason_code, properties=None) -> None:
        if not reason_code.is_failure:
            client.subscribe([(self._topic("ring"), 1), ("radio/all/ring", 1)])
            client.publish(self._topic("presence"), "online", qos=1, retain=True)

    def _rang(self, client, userdata, message) -> None:
        try:
            ring = json.loads(message.payload.decode("utf-8"))
            expires = dt.datetime.fromisoformat(ring["expires_at"])
            ring_id = str(ring["id"])
        except (ValueError, KeyError, TypeError):
            return  # not a ring of ours
        now = time.time()
        self._seen = {key: at for key, at in self._seen.items() if now - at < RING_TTL.total_seconds() * 2}
        if ring_id in self._seen or expires <= dt.datetime.now(dt.timezone.utc):
            return
        self._seen[ring_id] = now
        self.on_ring(ring)
