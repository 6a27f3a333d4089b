#!/bin/sh
# Debian's Chromium for kaleido's exports, kept offline: no background networking, component or safe-browsing
# updates, sync, default-search or translate lookups, and a resolver that answers nothing but this machine (a
# ministry's closed network must not even see a lookup of an outside host). kaleido finds this script through
# BROWSER_PATH (reports/images.py); MONITORING_CHROMIUM is the real browser, MONITORING_CHROMIUM_NETLOG (tests)
# a file for Chromium's own network log.
# Where the system allows it, Chromium also runs in a network namespace of its own (a loopback only, down): no
# packet can leave the machine whatever it tries — its IPv6 reachability probe too, a UDP «connect» to
# 2001:4860:4860::8888 that the flags below cannot switch off. kaleido talks to it through pipes, not the network.
# Where namespaces are not allowed (some containers), the flags and the resolver rules are the guard.
REAL="${MONITORING_CHROMIUM:-/usr/bin/chromium}"
ISOLATE=""
if command -v unshare >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then ISOLATE="unshare --net"; else ISOLATE="unshare --map-current-user --net"; fi
  $ISOLATE true 2>/dev/null || ISOLATE=""
fi
if [ -n "$MONITORING_CHROMIUM_NETLOG" ]; then
  set -- "--log-net-log=$MONITORING_CHROMIUM_NETLOG" "--net-log-capture-mode=Everything" "$@"
fi
exec $ISOLATE "$REAL" \
  --disable-background-networking \
  --disable-component-update \
  --disable-default-apps \
  --disable-domain-reliability \
  --disable-client-side-phishing-detection \
  --disable-sync \
  --no-pings \
  --dns-prefetch-disable \
  --disable-quic \
  --no-default-browser-check \
  --allow-browser-signin=false \
  --disable-search-engine-choice-screen \
  --no-service-autorun \
  --disable-field-trial-config \
  --disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,NetworkTimeServiceQuerying,OptimizationGuideModelDownloading,OptimizationHintsFetching,MirrorAccountConsistency,ChromeLabs \
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1" \
  "$@"
