//! The registry: operations and flows by name, with their JSON Schemas. It powers the generic
//! "run operation" command, the CLI, schema-generated UI forms and replay of a TaskRun.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::flow::{ErasedFlow, Flow};
use crate::operation::{ErasedOperation, OpData, Operation};

#[derive(Clone, Default)]
pub struct Registry {
    ops: BTreeMap<String, Arc<dyn ErasedOperation>>,
    flows: BTreeMap<String, Arc<dyn ErasedFlow>>,
}

/// An operation as listed by `ops list`.
#[derive(Debug, Clone, Serialize)]
pub struct OperationInfo {
    pub name: String,
    pub description: String,
    pub category: String,
    pub tags: Vec<String>,
    pub input_schema: Value,
    pub output_schema: Value,
}

/// A flow as listed by `flows list` (and the app's Flows screen).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FlowInfo {
    pub name: String,
    /// The flow's title for people ("Daily job hunt").
    pub title: String,
    pub description: String,
    pub retries: u32,
    pub timeout_secs: Option<f64>,
    /// Labels every run of the flow carries (`production`, `scheduled`, ...).
    pub tags: Vec<String>,
    pub parameters_schema: Value,
    pub result_schema: Value,
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `op` (replacing one of the same name).
    pub fn add_operation<I: OpData, O: OpData>(&mut self, op: &Operation<I, O>) -> &mut Self {
        self.ops.insert(op.name().to_owned(), op.erased());
        self
    }

    /// Registers `flow` (replacing one of the same name).
    pub fn add_flow<P: OpData, R: OpData>(&mut self, flow: &Flow<P, R>) -> &mut Self {
        self.flows.insert(flow.name().to_owned(), flow.erased());
        self
    }

    pub fn operation(&self, name: &str) -> Option<Arc<dyn ErasedOperation>> {
        self.ops.get(name).cloned()
    }

    pub fn flow(&self, name: &str) -> Option<Arc<dyn ErasedFlow>> {
        self.flows.get(name).cloned()
    }

    pub fn operations(&self) -> Vec<OperationInfo> {
        self.ops
            .values()
            .map(|op| {
                let meta = op.meta();
                OperationInfo {
                    name: meta.name.clone(),
                    description: meta.description.clone(),
                    category: meta.category.clone(),
                    tags: meta.tags.clone(),
                    input_schema: op.input_schema(),
                    output_schema: op.output_schema(),
                }
            })
            .collect()
    }

    pub fn flows(&self) -> Vec<FlowInfo> {
        self.flows
            .values()
            .map(|flow| {
                let meta = flow.meta();
                FlowInfo {
                    name: meta.name.clone(),
                    title: meta.title.clone(),
                    description: meta.description.clone(),
                    retries: meta.retries,
                    timeout_secs: meta.timeout.map(|t| t.as_secs_f64()),
                    tags: meta.tags.clone(),
                    parameters_schema: flow.parameters_schema(),
                    result_schema: flow.result_schema(),
                }
            })
            .collect()
    }
}
