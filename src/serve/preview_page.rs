//! The Preview page (to come): its routes, merged into the app's by [`super::router`].

use std::sync::Arc;

use axum::Router;

use super::App;

/// The page's routes.
pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
}
