//! What an operation is: its typed function, its metadata (name, description, category,
//! tags), and the type-erased JSON form that the registry, the CLI, replay and the executor
//! call. Kept apart from [`super::context`] so the definition reads on its own.

use std::future::Future;
use std::sync::Arc;

use futures::future::BoxFuture;
use futures::FutureExt;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::OpContext;
use crate::OpError;

/// Bounds of an operation's input and output types.
pub trait OpData: Serialize + DeserializeOwned + JsonSchema + Send + Sync + 'static {}
impl<T> OpData for T where T: Serialize + DeserializeOwned + JsonSchema + Send + Sync + 'static {}

/// What the registry says about an operation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct OperationMeta {
    pub name: String,
    pub description: String,
    pub category: String,
    pub tags: Vec<String>,
}

type OpFn<I, O> = dyn Fn(OpContext, I) -> BoxFuture<'static, Result<O, OpError>> + Send + Sync;

/// A typed operation. Cheap to clone; hand it to [`crate::Task`] or register it.
pub struct Operation<I, O> {
    meta: Arc<OperationMeta>,
    f: Arc<OpFn<I, O>>,
}

impl<I, O> Clone for Operation<I, O> {
    fn clone(&self) -> Self {
        Self { meta: self.meta.clone(), f: self.f.clone() }
    }
}

impl<I: OpData, O: OpData> Operation<I, O> {
    /// Declares an operation named `name` running `f`.
    pub fn new<F, Fut>(name: &str, f: F) -> Self
    where
        F: Fn(OpContext, I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, OpError>> + Send + 'static,
    {
        let meta = OperationMeta { name: name.to_owned(), ..Default::default() };
        Self { meta: Arc::new(meta), f: Arc::new(move |ctx, input| f(ctx, input).boxed()) }
    }

    pub fn description(mut self, description: &str) -> Self {
        Arc::make_mut(&mut self.meta).description = description.to_owned();
        self
    }
    pub fn category(mut self, category: &str) -> Self {
        Arc::make_mut(&mut self.meta).category = category.to_owned();
        self
    }
    pub fn tags<S: AsRef<str>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        Arc::make_mut(&mut self.meta).tags = tags.into_iter().map(|t| t.as_ref().to_owned()).collect();
        self
    }

    pub fn name(&self) -> &str {
        &self.meta.name
    }
    pub fn meta(&self) -> &OperationMeta {
        &self.meta
    }

    /// The type-erased form kept by the registry and used by the executor.
    pub fn erased(&self) -> Arc<dyn ErasedOperation> {
        Arc::new(self.clone())
    }
}

/// An operation seen through JSON: what the registry, the CLI, replay and the executor use.
pub trait ErasedOperation: Send + Sync + 'static {
    fn meta(&self) -> &OperationMeta;
    fn input_schema(&self) -> Value;
    fn output_schema(&self) -> Value;
    /// Checks that `input` deserializes into the input type; the error names the field.
    fn validate_input(&self, input: &Value) -> Result<(), OpError>;
    fn call_json(&self, ctx: OpContext, input: Value) -> BoxFuture<'static, Result<Value, OpError>>;
}

impl<I: OpData, O: OpData> ErasedOperation for Operation<I, O> {
    fn meta(&self) -> &OperationMeta {
        &self.meta
    }
    fn input_schema(&self) -> Value {
        schemars::schema_for!(I).to_value()
    }
    fn output_schema(&self) -> Value {
        schemars::schema_for!(O).to_value()
    }
    fn validate_input(&self, input: &Value) -> Result<(), OpError> {
        from_value::<I>(input).map(drop)
    }
    fn call_json(&self, ctx: OpContext, input: Value) -> BoxFuture<'static, Result<Value, OpError>> {
        let f = self.f.clone();
        async move {
            let input = from_value::<I>(&input)?;
            let output = f(ctx, input).await?;
            serde_json::to_value(output)
                .map_err(|e| OpError::internal(format!("output does not serialize: {e}")))
        }
        .boxed()
    }
}

/// Deserializes JSON into `T`; on failure the message starts with the path of the bad field,
/// e.g. `cleanup_days: invalid type: string "x", expected u32`.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, OpError> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if path == "." || path.is_empty() {
            OpError::invalid(inner.to_string())
        } else {
            OpError::invalid(format!("{path}: {inner}"))
        }
    })
}
