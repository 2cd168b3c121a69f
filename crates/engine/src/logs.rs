//! Log capture: a `tracing` layer that files every event emitted inside a flow run or task
//! run (found through the run-scope task-local) as a `run_logs` row. Binaries add it to their
//! subscriber; the engine itself installs nothing.

use std::fmt::Write as _;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};

use crate::clock::to_db;
use crate::context;
use crate::store::{LogRow, Write};

/// The layer that captures run logs (INFO and above, sqlx's own chatter excluded).
pub fn log_capture_layer() -> RunLogLayer {
    RunLogLayer { min_level: Level::INFO }
}

pub struct RunLogLayer {
    min_level: Level,
}

impl RunLogLayer {
    /// Captures events at `level` and above (default INFO).
    pub fn with_level(mut self, level: Level) -> Self {
        self.min_level = level;
        self
    }
}

impl<S: Subscriber> Layer<S> for RunLogLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let meta = event.metadata();
        if *meta.level() > self.min_level || meta.target().starts_with("sqlx") {
            return;
        }
        context::with_current(|scope| {
            let flow_run_id = scope.flow.as_ref().map(|f| f.flow_run_id.clone());
            if flow_run_id.is_none() && scope.task_run_id.is_none() {
                return;
            }
            let mut visitor = MessageVisitor::default();
            event.record(&mut visitor);
            let row = LogRow {
                flow_run_id,
                task_run_id: scope.task_run_id.clone(),
                ts: to_db(scope.engine.clock().now()),
                level: level_name(*meta.level()),
                target: meta.target().to_owned(),
                message: visitor.finish(),
            };
            scope.engine.emit(|| crate::EngineEvent::Log {
                flow_run_id: row.flow_run_id.clone(),
                taskrun_id: row.task_run_id.clone(),
                level: row.level.to_owned(),
                message: row.message.clone(),
            });
            scope.engine.store().write_detached(Write::Log(Box::new(row)));
        });
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::ERROR => "ERROR",
        Level::WARN => "WARN",
        Level::INFO => "INFO",
        Level::DEBUG => "DEBUG",
        Level::TRACE => "TRACE",
    }
}

/// `message` first, then `key=value` for every other field.
#[derive(Default)]
struct MessageVisitor {
    message: String,
    fields: String,
}

impl MessageVisitor {
    fn finish(self) -> String {
        match (self.message.is_empty(), self.fields.is_empty()) {
            (_, true) => self.message,
            (true, false) => self.fields,
            (false, false) => format!("{} {}", self.message, self.fields),
        }
    }
}

impl Visit for MessageVisitor {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            self.push_field(field.name(), value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            self.push_field(field.name(), &format!("{value:?}"));
        }
    }
}

impl MessageVisitor {
    fn push_field(&mut self, name: &str, value: &str) {
        if !self.fields.is_empty() {
            self.fields.push(' ');
        }
        let _ = write!(self.fields, "{name}={value}");
    }
}
