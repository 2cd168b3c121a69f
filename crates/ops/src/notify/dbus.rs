//! Desktop notifications on Linux with a click: the freedesktop notification daemon
//! (`org.freedesktop.Notifications` on the session bus) spoken to directly, because
//! tauri-plugin-notification shows notifications but tells nobody when one is clicked.
//!
//! A notification with a route is shown with the `default` action (what a click on its body
//! invokes on GNOME, KDE, dunst, mako, ...). One listener per [`DbusNotifier`] follows the
//! daemon's `ActionInvoked` and `NotificationClosed` signals: an action on a notification this
//! notifier showed calls `on_click` with its route; a closed one forgets it.
//!
//! zbus runs on the caller's tokio runtime (its `tokio` feature; no second async runtime), and
//! nothing here knows about Tauri: the desktop app passes an `on_click` that brings its window
//! forward and opens the route.

use std::collections::HashMap;
use std::future::poll_fn;
use std::pin::Pin;
use std::sync::{Arc, Mutex, Weak};

use zbus::export::futures_core::Stream;
use zbus::message::Type as MessageType;
use zbus::{Connection, MatchRule, MessageStream};

use super::desktop::{DesktopNotifier, ShowFuture};
use super::message::route;
use crate::error::{Error, Result};

/// The daemon's bus name, object path and interface.
pub const NOTIFICATIONS: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// The routes of at most this many notifications are remembered (daemons that never say a
/// notification was closed would otherwise grow the map without end); the oldest go first.
const MAX_ROUTES: usize = 256;

/// Called with the route of a clicked notification.
pub type OnClick = Arc<dyn Fn(&str) + Send + Sync + 'static>;

/// Shows notifications through the session bus's notification daemon and reports clicks.
#[derive(Clone)]
pub struct DbusNotifier {
    inner: Arc<Inner>,
}

struct Inner {
    connection: Connection,
    app_name: String,
    routes: Mutex<HashMap<u32, String>>,
    on_click: OnClick,
    listener: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(listener) = self.listener.get_mut().ok().and_then(Option::take) {
            listener.abort();
        }
    }
}

fn dbus_error(what: &str) -> impl Fn(zbus::Error) -> Error + '_ {
    move |e| Error::transient(format!("{what}: {e}"))
}

impl DbusNotifier {
    /// Connects to the user's session bus. Must be called inside a tokio runtime (the listener
    /// task runs on it).
    pub async fn session(app_name: &str, on_click: OnClick) -> Result<Self> {
        let connection = Connection::session().await.map_err(dbus_error("D-Bus session bus"))?;
        Self::with_connection(connection, app_name, on_click).await
    }

    /// Connects to the bus at `address` (a D-Bus address such as `unix:path=/run/bus`).
    pub async fn with_address(address: &str, app_name: &str, on_click: OnClick) -> Result<Self> {
        let connection =
            zbus::connection::Builder::address(address).build().await.map_err(dbus_error("D-Bus bus"))?;
        Self::with_connection(connection, app_name, on_click).await
    }

    /// Listens for the daemon's signals on `connection` and shows notifications through it.
    pub async fn with_connection(connection: Connection, app_name: &str, on_click: OnClick) -> Result<Self> {
        // Its object server answers what a peer asks this connection (Ping, Introspect, an
        // unknown object: an error); without one zbus leaves such calls unanswered, and the
        // peer waits out D-Bus's 25 s timeout.
        connection.object_server();
        let rule = MatchRule::builder()
            .msg_type(MessageType::Signal)
            .interface(NOTIFICATIONS)
            .build()
            .map_err(dbus_error("match rule"))?;
        let stream = MessageStream::for_match_rule(rule, &connection, None)
            .await
            .map_err(dbus_error("listening to the notification daemon"))?;
        let inner = Arc::new(Inner {
            connection,
            app_name: app_name.to_owned(),
            routes: Mutex::new(HashMap::new()),
            on_click,
            listener: Mutex::new(None),
        });
        let listener = tokio::spawn(listen(stream, Arc::downgrade(&inner)));
        *inner.listener.lock().expect("listener lock") = Some(listener);
        Ok(Self { inner })
    }

    /// Shows `title` / `body` and returns the daemon's id of the notification. With a route
    /// (one [`route::is_valid`] accepts; others are dropped), a click on it opens the route.
    pub async fn notify(&self, title: &str, body: &str, route: Option<&str>) -> Result<u32> {
        let route = route.filter(|r| {
            let ok = route::is_valid(r);
            if !ok {
                tracing::warn!(route = r, "not a route the app can open: the notification opens nothing");
            }
            ok
        });
        let actions: Vec<&str> = if route.is_some() { vec!["default", "Open"] } else { Vec::new() };
        let hints: HashMap<&str, zbus::Variant<'_>> = HashMap::new();
        let reply = self
            .inner
            .connection
            .call_method(
                Some(NOTIFICATIONS),
                PATH,
                Some(NOTIFICATIONS),
                "Notify",
                &(self.inner.app_name.as_str(), 0u32, "", title, body, actions, hints, -1i32),
            )
            .await
            .map_err(dbus_error("the notification daemon"))?;
        let id: u32 = reply.body().deserialize().map_err(dbus_error("the notification daemon's answer"))?;
        if let Some(route) = route {
            let mut routes = self.inner.routes.lock().expect("routes lock");
            if routes.len() >= MAX_ROUTES {
                if let Some(oldest) = routes.keys().min().copied() {
                    routes.remove(&oldest);
                }
            }
            routes.insert(id, route.to_owned());
        }
        Ok(id)
    }

    /// The route a click on notification `id` opens, while the notifier remembers it.
    pub fn route_of(&self, id: u32) -> Option<String> {
        self.inner.routes.lock().expect("routes lock").get(&id).cloned()
    }
}

/// Follows the daemon's signals until the notifier is dropped or the connection ends.
async fn listen(mut stream: MessageStream, inner: Weak<Inner>) {
    while let Some(message) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
        let Ok(message) = message else { continue };
        let Some(inner) = inner.upgrade() else { return };
        let header = message.header();
        match header.member().map(|m| m.as_str()) {
            Some("ActionInvoked") => {
                let Ok((id, action)) = message.body().deserialize::<(u32, String)>() else { continue };
                let route = inner.routes.lock().expect("routes lock").get(&id).cloned();
                if let Some(route) = route {
                    tracing::info!(id, action, route, "notification clicked: opening the app");
                    (inner.on_click)(&route);
                }
            }
            Some("NotificationClosed") => {
                if let Ok((id, _reason)) = message.body().deserialize::<(u32, u32)>() {
                    inner.routes.lock().expect("routes lock").remove(&id);
                }
            }
            _ => {}
        }
    }
    tracing::debug!("the notification daemon's signals ended");
}

impl DesktopNotifier for DbusNotifier {
    /// Hands the notification to the daemon in the background (a route-less one: see
    /// [`Self::show_routed`] for the delivery that reports the daemon's answer).
    fn show(&self, title: &str, body: &str) -> Result<()> {
        let handle = tokio::runtime::Handle::try_current()
            .map_err(|_| Error::permanent("desktop notification: no async runtime to send it on"))?;
        let shown = self.show_routed(title, body, None);
        handle.spawn(async move {
            if let Err(error) = shown.await {
                tracing::warn!(%error, "desktop notification not shown");
            }
        });
        Ok(())
    }

    fn show_routed(&self, title: &str, body: &str, route: Option<&str>) -> ShowFuture {
        let this = self.clone();
        let (title, body, route) = (title.to_owned(), body.to_owned(), route.map(str::to_owned));
        Box::pin(async move { this.notify(&title, &body, route.as_deref()).await.map(drop) })
    }
}
