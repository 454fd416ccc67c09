//! Requests to staff to protect a new home or to move one.

use abri_domain::homes::Address;
use abri_domain::ids::{CustomerId, HomeId};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::cells::Arg;
use crate::{Db, StoreError, Tx};

/// A request as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HomeRequest {
    /// Its id (also its reference for the customer).
    pub id: Uuid,
    /// `new_home` or `move`.
    pub kind: String,
    /// The home being moved, for a move.
    pub home_id: Option<HomeId>,
    /// The new address.
    pub address: Address,
    /// When the customer wishes it done.
    pub wished_date: Date,
    /// The customer's note (may be empty).
    pub note: String,
    /// `open`, then staff's answer.
    pub status: String,
    /// When it was made.
    pub created_at: OffsetDateTime,
}

type Row = (
    Uuid,
    String,
    Option<Uuid>,
    String,
    String,
    String,
    Date,
    String,
    String,
    OffsetDateTime,
);

impl Db {
    /// A customer's requests, newest first.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn home_requests_of(
        &self,
        customer_id: CustomerId,
    ) -> Result<Vec<HomeRequest>, StoreError> {
        let rows: Vec<Row> = self.read_all("SELECT id, kind, home_id, street, postal_code, city, wished_date, note, status, created_at \
                 FROM home_requests WHERE customer_id = $1 ORDER BY created_at DESC, id DESC", &[Arg::Uuid(customer_id.0)]).await?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    id,
                    kind,
                    home_id,
                    street,
                    postal_code,
                    city,
                    wished_date,
                    note,
                    status,
                    created_at,
                )| {
                    HomeRequest {
                        id,
                        kind,
                        home_id: home_id.map(HomeId),
                        address: Address {
                            street,
                            postal_code,
                            city,
                        },
                        wished_date,
                        note,
                        status,
                        created_at,
                    }
                },
            )
            .collect())
    }
}

impl Tx {
    /// Records an open request.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_home_request(
        &mut self,
        customer_id: CustomerId,
        request: &HomeRequest,
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO home_requests (id, customer_id, kind, home_id, street, postal_code, city, wished_date, note, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            &[
                Arg::Uuid(request.id),
                Arg::Uuid(customer_id.0),
                Arg::Text(&request.kind),
                Arg::OptUuid(request.home_id.map(|h| h.0)),
                Arg::Text(&request.address.street),
                Arg::Text(&request.address.postal_code),
                Arg::Text(&request.address.city),
                Arg::Date(request.wished_date),
                Arg::Text(&request.note),
                Arg::Text(&request.status),
                Arg::Time(request.created_at),
            ],
        )
        .await?;
        Ok(())
    }
}
