//! Typed values owned by one engine instance: the crates built on the engine keep their
//! per-engine dependencies here (one value per type) instead of in process-wide statics, so
//! two engines in one process never share them and they go away with the engine.
//!
//! Every clone of an [`Engine`](crate::Engine) sees the same [`Extensions`].

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, RwLock};

/// A map from a type to one value of that type, shared by the clones of an engine.
#[derive(Clone, Default)]
pub struct Extensions {
    values: Arc<RwLock<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>>,
}

impl Extensions {
    /// Stores `value`, replacing the value of the same type stored before.
    pub fn insert<T: Any + Send + Sync>(&self, value: T) {
        self.values.write().expect("extensions lock").insert(TypeId::of::<T>(), Arc::new(value));
    }

    /// A clone of the value of type `T`, if one was stored.
    pub fn get<T: Any + Clone>(&self) -> Option<T> {
        let values = self.values.read().expect("extensions lock");
        values.get(&TypeId::of::<T>()).and_then(|v| v.downcast_ref::<T>()).cloned()
    }
}

impl fmt::Debug for Extensions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.values.read().map(|v| v.len()).unwrap_or_default();
        f.debug_struct("Extensions").field("values", &n).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Deps(u32);

    #[test]
    fn one_value_per_type_shared_by_clones() {
        let ext = Extensions::default();
        assert_eq!(ext.get::<Deps>(), None);
        let shared = ext.clone();
        ext.insert(Deps(1));
        assert_eq!(shared.get::<Deps>(), Some(Deps(1)));
        shared.insert(Deps(2));
        assert_eq!(ext.get::<Deps>(), Some(Deps(2)));
        ext.insert(String::from("other"));
        assert_eq!(ext.get::<String>().as_deref(), Some("other"));
        assert_eq!(shared.get::<Deps>(), Some(Deps(2)));
    }
}
