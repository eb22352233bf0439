from datetime import date, timedelta

import factory

from accounts.models import Role, User
from establishments.models import Establishment, Location
from schemes.models import IepLevel, PeerWorker

PASSWORD = "correct horse battery staple"


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"HMP Testshire {n}")
    code = factory.Sequence(lambda n: f"T{n:02d}")
    category = Establishment.Category.B


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    establishment = factory.SubFactory(EstablishmentFactory)
    name = factory.Sequence(lambda n: f"Wing {n}")
    kind = Location.Kind.WING


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.WING_OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def establishments(self, create, extracted, **kwargs):
        if create and extracted:
            self.establishments.add(*extracted)
        if create:
            self.save()


class PeerWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerWorker

    prison_number = factory.Sequence(lambda n: f"A{n:04d}BC")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    establishment = factory.SubFactory(EstablishmentFactory)
    iep_level = IepLevel.ENHANCED
    earliest_release_date = factory.LazyFunction(lambda: date.today() + timedelta(days=3 * 365))
