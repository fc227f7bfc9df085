//! The API's route table. Every route is added here with its method, so the router and
//! the list the OpenAPI contract test compares with `openapi.json` cannot drift apart.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodRouter, on};

use crate::AppState;

/// A router under construction, with the `(method, path)` of each operation added.
#[derive(Default)]
pub(crate) struct ApiRoutes {
    router: Router<AppState>,
    operations: Vec<(Method, &'static str)>,
}

impl ApiRoutes {
    pub(crate) fn get<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.method(Method::GET, path, handler)
    }

    pub(crate) fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.method(Method::POST, path, handler)
    }

    pub(crate) fn put<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.method(Method::PUT, path, handler)
    }

    pub(crate) fn patch<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.method(Method::PATCH, path, handler)
    }

    pub(crate) fn delete<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.method(Method::DELETE, path, handler)
    }

    fn method<H, T>(self, method: Method, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = method.clone().try_into().expect("a standard method");
        self.add(method, path, on(filter, handler))
    }

    /// One method with its own layers (e.g. a larger body limit). `route` merges method
    /// routers of the same path, so a path may be added once per method.
    pub(crate) fn add(
        mut self,
        method: Method,
        path: &'static str,
        route: MethodRouter<AppState>,
    ) -> Self {
        self.router = self.router.route(path, route);
        self.operations.push((method, path));
        self
    }

    pub(crate) fn into_router(self) -> Router<AppState> {
        self.router
    }

    pub(crate) fn operations(&self) -> &[(Method, &'static str)] {
        &self.operations
    }
}
